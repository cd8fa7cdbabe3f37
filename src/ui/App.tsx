import { useRef, useState, type DragEvent } from 'react';
import logo from '../assets/favicon.svg';
import { Editor } from '../canvas/Editor';
import { ZoomControls } from '../canvas/ZoomControls';
import { retry } from '../engine/restore';
import { useAppStore } from '../store';
import { BackendBadge } from './BackendBadge';
import { BeforeAfter } from './BeforeAfter';
import { EmptyState } from './EmptyState';
import { PhotoPanel } from './PhotoPanel';
import { RestorePanel } from './RestorePanel';
import { StageStrip } from './StageStrip';
import { ToolPanel } from './ToolPanel';
import { FORMATS } from './loadPhoto';
import { RecoveryBanner } from './RecoveryBanner';
import { pickDropped, usePasteAnywhere, usePhotoInput } from './usePhotoInput';
import { useShortcuts } from './useShortcuts';

function Notices() {
  const notice = useAppStore((s) => s.notice);
  const setNotice = useAppStore((s) => s.setNotice);
  const error = useAppStore((s) => s.error);
  const canRetry = useAppStore((s) => s.engineState === 'failed' || s.status === 'error');
  return (
    <>
      <RecoveryBanner />
      {notice && (
        <div className="notice notice-warn" role="alert" data-testid="notice">
          <span>{notice}</span>
          <button className="notice-close" onClick={() => setNotice(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {error && (
        <div className="notice notice-error" role="alert" data-testid="error">
          <span>{error}</span>
          {canRetry && (
            <button className="btn btn-small notice-action" onClick={() => void retry()} data-testid="retry">
              Retry
            </button>
          )}
        </div>
      )}
    </>
  );
}

function ViewTabs() {
  const mainView = useAppStore((s) => s.mainView);
  const setMainView = useAppStore((s) => s.setMainView);
  const hasResults = useAppStore((s) => !!s.previews.masked);
  return (
    <div className="tabs" role="tablist">
      <button role="tab" aria-selected={mainView === 'edit'} className={mainView === 'edit' ? 'on' : ''} onClick={() => setMainView('edit')} data-testid="tab-edit">
        Edit
      </button>
      <button role="tab" aria-selected={mainView === 'compare'} className={mainView === 'compare' ? 'on' : ''} onClick={() => setMainView('compare')} disabled={!hasResults} data-testid="tab-compare">
        Compare
      </button>
    </div>
  );
}

export function App() {
  const photo = useAppStore((s) => s.photo);
  const mainView = useAppStore((s) => s.mainView);
  const fileRef = useRef<HTMLInputElement>(null);
  const [dragOver, setDragOver] = useState(false);
  const { openFile, openSample } = usePhotoInput();
  usePasteAnywhere(openFile);
  useShortcuts();

  const pick = () => fileRef.current?.click();
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragOver(false);
    const { file, note } = pickDropped(e.dataTransfer.files);
    const { setNotice } = useAppStore.getState();
    if (file) void openFile(file).then((opened) => opened && note && setNotice(note));
    else setNotice(`Nothing that was dropped is a file. Drop a photo file: ${FORMATS}.`);
  };

  return (
    <div
      className={`app ${dragOver ? 'drag-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragOver(true);
      }}
      onDragLeave={(e) => e.currentTarget === e.target && setDragOver(false)}
      onDrop={onDrop}
    >
      <header className="topbar">
        <div className="brand">
          <img src={logo} alt="" width={26} height={26} />
          <span className="brand-name">Mend</span>
          <span className="brand-tag">Face restoration, on your device</span>
        </div>
        <BackendBadge />
      </header>
      <input
        ref={fileRef}
        type="file"
        accept="image/jpeg,image/png,image/webp,image/*"
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void openFile(file);
          e.target.value = '';
        }}
      />
      <Notices />
      {!photo ? (
        <EmptyState onPick={pick} onSample={openSample} />
      ) : (
        <main className="workspace">
          <div className="stage-area">
            <div className="stage-head">
              <ViewTabs />
              {mainView === 'edit' && <ZoomControls />}
            </div>
            <div className={mainView === 'edit' ? 'view' : 'view hidden'}>
              <Editor />
            </div>
            {mainView === 'compare' && (
              <div className="view compare" data-testid="compare">
                <StageStrip />
                <BeforeAfter />
              </div>
            )}
          </div>
          <aside className="sidebar">
            <PhotoPanel onPick={pick} onSample={openSample} />
            <ToolPanel />
            <RestorePanel />
          </aside>
        </main>
      )}
    </div>
  );
}
