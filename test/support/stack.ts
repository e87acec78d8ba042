// The whole-stack start-up lives in the test kit; the end-to-end tests keep their name for it.
export { startTestStack as bootStack } from '@vigil/testing/stack';
