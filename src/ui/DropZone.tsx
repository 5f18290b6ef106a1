/**
 * File intake: a drop zone (drag several files, or press Enter/Space to pick), a labelled file
 * input, and the built-in sample button.
 */
import { useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';

/** Props of DropZone. */
export interface DropZoneProps {
  onFiles(files: File[]): void;
  onSample(): void;
  disabled?: boolean;
}

/** Drop zone + file input + sample button. */
export function DropZone({ onFiles, onSample, disabled = false }: DropZoneProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const hintId = useId();
  const [over, setOver] = useState(false);

  const accept = (list: FileList | null | undefined) => {
    const files = list ? Array.from(list) : [];
    if (files.length && !disabled) onFiles(files);
  };
  const onDrag = (e: DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setOver(e.type !== 'dragleave');
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    accept(e.dataTransfer.files);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      inputRef.current?.click();
    }
  };

  return (
    <div className="intake">
      {/* biome-ignore lint/a11y/useSemanticElements: a drop area (block layout, drag events) that also opens the picker; role, tabIndex and Enter/Space (onKey) make it a button, which e2e/ingest.spec.ts pins */}
      <div
        data-testid="dropzone"
        className={`dropzone${over ? ' over' : ''}${disabled ? ' disabled' : ''}`}
        role="button"
        tabIndex={0}
        aria-describedby={hintId}
        aria-disabled={disabled}
        onDragEnter={onDrag}
        onDragOver={onDrag}
        onDragLeave={onDrag}
        onDrop={onDrop}
        onKeyDown={onKey}
        onClick={() => inputRef.current?.click()}
      >
        <strong>Drop rating files here</strong>
        <span id={hintId} className="hint">
          ratings.dat / u.data / ratings.csv, optionally with movies.dat / u.item / movies.csv, or a MovieLens .zip — several at once. Press
          Enter to choose files. Nothing leaves your computer.
        </span>
      </div>
      <div className="intake-row">
        <label htmlFor={inputId} className="file-label">
          Choose files
        </label>
        <input
          id={inputId}
          ref={inputRef}
          data-testid="file-input"
          type="file"
          multiple
          disabled={disabled}
          onChange={(e) => {
            accept(e.target.files);
            e.target.value = '';
          }}
        />
        <span className="or">or</span>
        <button type="button" data-testid="load-sample" onClick={onSample} disabled={disabled}>
          Load built-in sample
        </button>
      </div>
    </div>
  );
}
