/** A failure the screen reports: read out at once (role="alert"); nothing when there is none. */
export function ErrorAlert({ message }: { message: string | null | undefined | false }) {
  if (!message) return null;
  return (
    <p role="alert" className="error">
      {message}
    </p>
  );
}
