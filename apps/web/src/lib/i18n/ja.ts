/**
 * Japanese, the default language and the source of the message keys: `en.ts` must have exactly
 * these keys. `{name}` placeholders are filled by `t(key, { name })`.
 */
export const ja = {
  'site.name': '絆 Kizuna',
  'site.skip': '本文へスキップ',
  'site.footer': '絆 Kizuna — ファンとブランドをつなぐコミュニティ',

  'nav.label': 'サイトメニュー',
  'nav.signIn': 'ログイン',
  'nav.signUp': '新規登録',
  'nav.signOut': 'ログアウト',
  'nav.signingOut': 'ログアウト中',
  'nav.signedInAs': '{name} さん',
  'nav.language': 'English',

  'banner.unverified': 'メールアドレスがまだ確認されていません。届いたメールのリンクを開いてください。',
  'banner.resend': '確認メールを再送',
  'banner.resending': '再送中',
  'banner.resent': '確認メールを送信しました。',

  'home.title': 'ホーム',
  'home.lead1': '絆（Kizuna）は、ブランドとファンをつなぐコミュニティです。',
  'home.lead2': '掲示板で語り合い、バッジや称号で活動が認められます。',
  'home.demo': 'デモコミュニティ「{name}」をのぞいてみる',
  'home.communities': 'コミュニティ一覧',
  'home.empty': 'まだコミュニティがありません。',
  'home.members': 'メンバー {count}',
  'home.more': 'さらに表示',
  'home.create': 'コミュニティをつくる',

  'field.email': 'メールアドレス',
  'field.password': 'パスワード',
  'field.newPassword': '新しいパスワード',
  'field.displayName': '表示名',
  'field.passwordHelp': '8文字以上で、推測されにくいものにしてください。',
  'field.displayNameHelp': 'コミュニティで表示される名前です（40文字まで）。',
  'field.slug': 'URL 用の名前（スラッグ）',
  'field.slugHelp': '3〜40文字の半角英小文字・数字・ハイフン。先頭と末尾にハイフンは使えません（例: kizuna-fans）。',
  'field.name': 'コミュニティ名',
  'field.description': '説明（任意）',

  'signUp.title': '新規登録',
  'signUp.submit': '登録する',
  'signUp.submitting': '登録中',
  'signUp.haveAccount': 'すでにアカウントをお持ちの方は',

  'signIn.title': 'ログイン',
  'signIn.submit': 'ログイン',
  'signIn.submitting': 'ログイン中',
  'signIn.forgot': 'パスワードをお忘れの方',
  'signIn.noAccount': 'アカウントをお持ちでない方は',

  'forgot.title': 'パスワードの再設定',
  'forgot.intro': '登録したメールアドレスに、パスワード再設定用のリンクをお送りします。',
  'forgot.submit': 'リンクを送る',
  'forgot.submitting': '送信中',
  'forgot.sent': '登録されているメールアドレスであれば、再設定用のリンクを送信しました。メールをご確認ください。',

  'reset.title': '新しいパスワードの設定',
  'reset.submit': 'パスワードを変更',
  'reset.submitting': '変更中',
  'reset.done': 'パスワードを変更しました。新しいパスワードでログインしてください。',

  'verify.title': 'メールアドレスの確認',
  'verify.checking': '確認しています…',
  'verify.done': 'メールアドレスを確認しました。ありがとうございます。',
  'verify.failed': 'メールアドレスを確認できませんでした。',
  'verify.home': 'ホームへ',

  'newCommunity.title': 'コミュニティをつくる',
  'newCommunity.submit': '作成する',
  'newCommunity.submitting': '作成中',
  'newCommunity.signInFirst': 'コミュニティをつくるにはログインしてください。',

  'community.members': 'メンバー数',
  'community.yourRole': 'あなたの役割',
  'community.boards': '掲示板',
  'community.noBoards': 'まだ掲示板がありません。',
  'community.join': '参加する',
  'community.joining': '参加中',
  'community.joinPrompt': '参加するには、ログインまたは新規登録してください。',

  'role.member': 'メンバー',
  'role.moderator': 'モデレーター',
  'role.manager': 'マネージャー',
  'role.analyst': 'アナリスト',
  'role.owner': 'オーナー',

  'page.notFound': 'ページが見つかりません',
  'page.notFoundText': 'お探しのページは存在しないか、移動した可能性があります。',
  'page.error': 'エラーが発生しました',
  'page.errorText': '時間をおいてもう一度お試しください。',
  'page.home': 'ホームへ戻る',

  'error.VALIDATION_FAILED': '入力内容を確認してください。',
  'error.WEAK_PASSWORD': 'パスワードは8文字以上で、推測されにくいものにしてください。',
  'error.EMAIL_TAKEN': 'このメールアドレスはすでに登録されています。',
  'error.INVALID_CREDENTIALS': 'メールアドレスまたはパスワードが正しくありません。',
  'error.SLUG_TAKEN': 'このスラッグはすでに使われています。',
  'error.INVALID_TOKEN': 'このリンクは無効か、使用済み、または期限切れです。',
  'error.INVALID_REFRESH_TOKEN': 'セッションの有効期限が切れました。もう一度ログインしてください。',
  'error.UNAUTHENTICATED': 'ログインしてください。',
  'error.FORBIDDEN': 'この操作を行う権限がありません。',
  'error.NOT_FOUND': '見つかりませんでした。',
  'error.LAST_OWNER': 'コミュニティには少なくとも1人のオーナーが必要です。',
  'error.TOO_MANY_REQUESTS': '操作が多すぎます。しばらくしてからお試しください。',
  'error.PAYLOAD_TOO_LARGE': '送信する内容が大きすぎます。',
  'error.API_UNAVAILABLE': 'サーバーに接続できません。しばらくしてからお試しください。',
  'error.NETWORK': '通信できませんでした。接続を確認してもう一度お試しください。',
  'error.unknown': '問題が発生しました。もう一度お試しください。',

  'error.email.VALIDATION_FAILED': '有効なメールアドレスを入力してください。',
  'error.password.VALIDATION_FAILED': 'パスワードを入力してください（128文字まで）。',
  'error.displayName.VALIDATION_FAILED': '表示名は1〜40文字で入力してください。',
  'error.slug.VALIDATION_FAILED': 'スラッグは3〜40文字の半角英小文字・数字・ハイフンで、先頭と末尾にハイフンは使えません。',
  'error.name.VALIDATION_FAILED': 'コミュニティ名は1〜80文字で入力してください。',
  'error.description.VALIDATION_FAILED': '説明は2000文字以内で入力してください。',
  'error.token.VALIDATION_FAILED': 'このリンクは正しくありません。メールに記載されたリンクをそのまま開いてください。',
};

export type MessageKey = keyof typeof ja;
export type Messages = Record<MessageKey, string>;
