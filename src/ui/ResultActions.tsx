import { useState } from 'react';
import { useAppStore } from '../store';
import { canShareFiles, copyCurrent, downloadCurrent, restoredFileName, shareCurrent } from './download';

const LABEL = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' } as const;

/** Download (same format as the photo), copy to the clipboard, and share where the browser can. */
export function ResultActions() {
  const photo = useAppStore((s) => s.photo);
  const restored = useAppStore((s) => s.restored);
  const [copied, setCopied] = useState(false);
  if (!photo || !restored) return null;
  const format = photo.format ?? 'png';
  return (
    <>
      <button className="btn btn-accent grow" data-testid="download" onClick={() => void downloadCurrent()} aria-keyshortcuts="Control+S Meta+S">
        Download {LABEL[format]}
      </button>
      <div className="row">
        <button
          className="btn btn-small grow"
          data-testid="copy"
          onClick={async () => {
            if (!(await copyCurrent())) return;
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          }}
        >
          {copied ? 'Copied' : 'Copy image'}
        </button>
        {canShareFiles() && (
          <button className="btn btn-small grow" data-testid="share" onClick={() => void shareCurrent()}>
            Share…
          </button>
        )}
      </div>
      <span className="sr-only" role="status">
        {copied ? 'The restored photo is on the clipboard.' : ''}
      </span>
      <p className="muted small" data-testid="download-info">
        {restoredFileName(photo)} · {restored.width}×{restored.height}, full resolution
        {format === 'png' ? '. Only the painted region changes.' : `, ${LABEL[format]} at 95% quality.`}
        {photo.iccProfile || photo.icc ? ' Colour profile kept.' : ''}
      </p>
    </>
  );
}
