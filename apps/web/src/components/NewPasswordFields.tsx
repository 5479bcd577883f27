import { LIMITS } from '@rounds/shared';
import { TextField } from './TextField.tsx';

interface NewPasswordFieldsProps {
  idPrefix: string;
  password: string;
  confirmation: string;
  onPasswordChange: (value: string) => void;
  onConfirmationChange: (value: string) => void;
  autoFocus?: boolean;
}

/** "New password" and "Confirm new password", shared by the account and reset screens. */
export function NewPasswordFields({
  idPrefix,
  password,
  confirmation,
  onPasswordChange,
  onConfirmationChange,
  autoFocus,
}: NewPasswordFieldsProps) {
  return (
    <>
      <TextField
        id={`${idPrefix}-new`}
        label="New password"
        type="password"
        autoComplete="new-password"
        value={password}
        maxLength={LIMITS.passwordMax}
        hint={`At least ${LIMITS.passwordMin} characters.`}
        onChange={onPasswordChange}
        required
        autoFocus={autoFocus}
      />
      <TextField
        id={`${idPrefix}-confirm`}
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        value={confirmation}
        maxLength={LIMITS.passwordMax}
        onChange={onConfirmationChange}
        required
      />
    </>
  );
}
