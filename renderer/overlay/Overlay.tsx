// The region selector painted over each display's frozen frame.
export function Overlay() {
  return (
    <div className="overlay" role="application" aria-label="Select a region of the screen">
      <p className="overlay-hint">Drag to select a region · Esc to cancel</p>
    </div>
  );
}
