import { useId } from 'react';

interface ProgressBarProps {
  /** 0..1 */
  readonly fraction: number;
  /** Visible text and the bar's accessible name, e.g. "4 of 12 steps done". */
  readonly label: string;
  readonly className?: string;
}

/** A native <progress> named by its visible text, with the percentage spelled out. */
export function ProgressBar({ fraction, label, className }: ProgressBarProps) {
  const id = useId();
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className={`progress${className === undefined ? '' : ` ${className}`}`}>
      <p id={id} className="progress-text">
        {label} <span className="progress-percent">· {percent}%</span>
      </p>
      <progress aria-labelledby={id} max={100} value={percent}>
        {percent}%
      </progress>
    </div>
  );
}
