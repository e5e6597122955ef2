import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * The frame of every review screen: a titled panel over the wall with a
 * close button, closed by Escape too. Not modal: the alarm bar above it
 * stays live and usable (an alarm can be acknowledged while a screen is
 * open), and the wall keeps drawing underneath.
 */
export function ReviewDialog({
  title,
  variant,
  testId,
  onClose,
  headerExtra,
  children,
}: {
  title: ReactNode;
  variant: 'drawer-left' | 'drawer-right' | 'full';
  testId: string;
  onClose(): void;
  headerExtra?: ReactNode;
  children: ReactNode;
}) {
  const titleId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  // Keyboard users land in the screen they opened (and Escape reaches it).
  useEffect(() => closeRef.current?.focus(), []);

  return (
    <section className={`review-dialog review-dialog--${variant}`} role="dialog" aria-modal="false" aria-labelledby={titleId} data-testid={testId}>
      <header className="review-dialog-header">
        <h2 id={titleId} className="review-dialog-title">
          {title}
        </h2>
        {headerExtra}
        <button ref={closeRef} type="button" className="review-close" onClick={onClose} data-testid="close-panel" aria-label="Close">
          Close ✕
        </button>
      </header>
      <div className="review-dialog-body">{children}</div>
    </section>
  );
}
