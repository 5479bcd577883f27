import { useEffect, useId, useRef, useState } from 'react';
import {
  IMAGE_CONSENTS,
  IMAGE_LICENCES,
  IMAGE_LIMITS,
  type ImageConsent,
  type ImageLicence,
  type UploadedImageView,
} from '@rounds/shared';
import { errorMessage } from '../api.ts';
import { uploadImage } from './uploadImage.ts';

const CONSENT_LABELS: Record<ImageConsent, string> = {
  no_identifiable_patient:
    'No identifiable patient: no face, tattoo, name, wristband or other identifier is visible',
  consent_on_file: 'The patient’s written consent to share this image for teaching is on file',
};

interface ImageUploadDialogProps {
  pageId: string;
  file: File;
  onUploaded: (image: UploadedImageView, alt: string) => void;
  onCancel: () => void;
}

/**
 * Before an image leaves the browser: what the uploader attests (consent, licence, attribution)
 * and the alt text readers who cannot see it get. A modal <dialog>: focus stays inside, Escape
 * cancels.
 */
export function ImageUploadDialog({ pageId, file, onUploaded, onCancel }: ImageUploadDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [consent, setConsent] = useState<ImageConsent | null>(null);
  const [licence, setLicence] = useState<ImageLicence | ''>('');
  const [attribution, setAttribution] = useState('');
  const [alt, setAlt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  useEffect(() => {
    // A data: URL (the content security policy allows no blob: images), only for files that fit.
    if (file.size > IMAGE_LIMITS.fileMax) return;
    const reader = new FileReader();
    reader.onload = () => setPreview(typeof reader.result === 'string' ? reader.result : null);
    reader.readAsDataURL(file);
    return () => reader.abort();
  }, [file]);

  const tooBig = file.size > IMAGE_LIMITS.fileMax;
  const ready = consent !== null && licence !== '' && alt.trim() !== '' && !tooBig && !busy;

  const submit = async () => {
    if (!consent || !licence) return;
    setBusy(true);
    setError(null);
    try {
      const image = await uploadImage(pageId, file, { consent, licence, attribution: attribution.trim() });
      onUploaded(image, alt.trim());
    } catch (err: unknown) {
      setError(errorMessage(err, 'The image could not be uploaded'));
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="image-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) void submit();
        }}
      >
        <h2 id={`${id}-title`} className="image-dialog__title">
          Add an image
        </h2>
        <div className="image-dialog__file">
          {preview && <img src={preview} alt="" className="image-dialog__preview" />}
          <span>
            {file.name || 'Pasted image'} · {(file.size / 1024).toFixed(0)} kB
          </span>
        </div>
        {tooBig && (
          <p className="error-note" role="alert">
            This file is larger than {IMAGE_LIMITS.fileMax / (1024 * 1024)} MiB.
          </p>
        )}
        <fieldset className="image-dialog__consent">
          <legend>Patient consent (required)</legend>
          {IMAGE_CONSENTS.map((c) => (
            <label key={c} className="image-dialog__radio">
              <input
                type="radio"
                name={`${id}-consent`}
                value={c}
                checked={consent === c}
                onChange={() => setConsent(c)}
                required
              />
              <span>{CONSENT_LABELS[c]}</span>
            </label>
          ))}
        </fieldset>
        <label htmlFor={`${id}-licence`} className="image-dialog__label">
          Licence (required)
        </label>
        <select
          id={`${id}-licence`}
          value={licence}
          required
          onChange={(e) => setLicence(e.target.value as ImageLicence | '')}
        >
          <option value="">Choose a licence…</option>
          {IMAGE_LICENCES.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-attribution`} className="image-dialog__label">
          Attribution
        </label>
        <input
          id={`${id}-attribution`}
          type="text"
          value={attribution}
          maxLength={IMAGE_LIMITS.attributionMax}
          placeholder="e.g. Dr. A. Author, Hospital teaching collection"
          onChange={(e) => setAttribution(e.target.value)}
        />
        <label htmlFor={`${id}-alt`} className="image-dialog__label">
          Alt text (required)
        </label>
        <textarea
          id={`${id}-alt`}
          value={alt}
          rows={2}
          maxLength={IMAGE_LIMITS.altMax}
          required
          aria-describedby={`${id}-alt-hint`}
          onChange={(e) => setAlt(e.target.value)}
        />
        <p id={`${id}-alt-hint`} className="image-dialog__hint">
          Say what the image shows for readers who cannot see it (e.g. “Target lesion with central clearing on
          the forearm”).
        </p>
        <p className="image-dialog__hint">
          The image is re-encoded on the server: location, camera and other metadata are removed.
        </p>
        {error && (
          <p className="error-note" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button button--primary button--small" disabled={!ready}>
            {busy ? 'Uploading…' : 'Upload and insert'}
          </button>
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={busy}
            onClick={onCancel}
          >
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
