import type { Mail } from '../mail/mail.service';
import type { UserEntity } from './user.entity';

type Recipient = Pick<UserEntity, 'email' | 'displayName' | 'locale'>;

/** Account mails in the person's language (Japanese unless they chose English). */
export const authMail = {
  verifyEmail(user: Recipient, link: string): Mail {
    return user.locale === 'en'
      ? {
          to: user.email,
          subject: 'Kizuna: confirm your email address',
          text: `Hello ${user.displayName},\n\nConfirm your email address by opening this link (valid for 48 hours):\n${link}\n\nIf you did not sign up for Kizuna, ignore this mail.\n`,
        }
      : {
          to: user.email,
          subject: '【Kizuna】メールアドレスの確認',
          text: `${user.displayName} さん\n\n次のリンクを開いてメールアドレスを確認してください（48時間有効）。\n${link}\n\nお心当たりのない場合は、このメールを破棄してください。\n`,
        };
  },

  passwordReset(user: Recipient, link: string): Mail {
    return user.locale === 'en'
      ? {
          to: user.email,
          subject: 'Kizuna: reset your password',
          text: `Hello ${user.displayName},\n\nSet a new password by opening this link (valid for 1 hour):\n${link}\n\nIf you did not ask for this, ignore this mail: your password stays as it is.\n`,
        }
      : {
          to: user.email,
          subject: '【Kizuna】パスワードの再設定',
          text: `${user.displayName} さん\n\n次のリンクから新しいパスワードを設定してください（1時間有効）。\n${link}\n\nお心当たりのない場合は、このメールを破棄してください。パスワードは変更されません。\n`,
        };
  },

  accountLocked(user: Recipient, resetLink: string): Mail {
    return user.locale === 'en'
      ? {
          to: user.email,
          subject: 'Kizuna: sign-in locked after failed attempts',
          text: `Hello ${user.displayName},\n\nThere were many failed attempts to sign in to your account, so signing in is locked for 15 minutes.\n\nIf this was not you, someone may know your email address: choose a strong password and turn on two-factor sign-in. Resetting your password also unlocks the account:\n${resetLink}\n`,
        }
      : {
          to: user.email,
          subject: '【Kizuna】ログインを一時的にロックしました',
          text: `${user.displayName} さん\n\nお使いのアカウントへのログインに何度も失敗したため、15分間ログインをロックしました。\n\nお心当たりのない場合は、強いパスワードに変更し、2段階認証を有効にしてください。パスワードを再設定するとロックも解除されます。\n${resetLink}\n`,
        };
  },
};
