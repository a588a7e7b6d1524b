// A row of tabs (a pill group): one is selected; choosing another calls onChange.
import './Tabs.css';

export function Tabs<K extends string | number>({ value, options, onChange, testId }: { value: K; options: [K, string][]; onChange: (k: K) => void; testId?: string }) {
  return (
    <div className="tabs" role="tablist" data-testid={testId}>
      {options.map(([k, label]) => (
        <button key={k} role="tab" aria-selected={k === value} className={`tab${k === value ? ' active' : ''}`} onClick={() => onChange(k)} data-testid={`tab-${k}`}>
          {label}
        </button>
      ))}
    </div>
  );
}
