/** Time left on the lease, as m:ss; it turns urgent in the last minute. */
export function LeaseClock({ seconds }: { seconds: number }) {
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <span className={seconds < 60 ? 'lease urgent' : 'lease'} role="timer" aria-label={`Time left: ${text}`}>
      {text} left
    </span>
  );
}
