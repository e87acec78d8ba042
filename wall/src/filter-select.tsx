/** One choice of a select: the value it sets and the text shown. */
export interface Choice<Value extends string> {
  readonly value: Value;
  readonly text: string;
}

/** A labelled filter: a select whose first option (the empty value, "Any" unless `anyText` says) means "no restriction". */
export function FilterSelect<Value extends string>(props: {
  label: string;
  value: Value | '';
  anyText?: string;
  choices: readonly Choice<Value>[];
  onChange: (value: Value | '') => void;
}) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as Value | '')}>
        <option value="">{props.anyText ?? 'Any'}</option>
        {props.choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.text}
          </option>
        ))}
      </select>
    </label>
  );
}
