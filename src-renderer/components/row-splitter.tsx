import { useRef, type PointerEvent } from 'react';

export interface RowSplitterProps {
  /** The height of the section above, in pixels, when the drag starts. */
  height: () => number;
  onChange: (height: number) => void;
  min: number;
  max: () => number;
  testId: string;
}

/** A horizontal bar that resizes the section above it by dragging (the pointer is captured, so fast drags keep it). */
export function RowSplitter({ height, onChange, min, max, testId }: RowSplitterProps) {
  const drag = useRef<{ y: number; h: number } | undefined>(undefined);
  const move = (event: PointerEvent<HTMLDivElement>): void => {
    if (!drag.current) return;
    onChange(Math.round(Math.min(max(), Math.max(min, drag.current.h + event.clientY - drag.current.y))));
  };
  return (
    <div
      className="row-splitter"
      role="separator"
      aria-orientation="horizontal"
      data-testid={testId}
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        drag.current = { y: event.clientY, h: height() };
      }}
      onPointerMove={move}
      onPointerUp={() => {
        drag.current = undefined;
      }}
    />
  );
}
