import type { ImportKind } from '../crm-import.entity';

/** The fields an import can fill, per kind, with the export names of common systems. */
export const FIELD_ALIASES: Record<ImportKind, Record<string, string[]>> = {
  contacts: {
    externalId: ['external id', 'customer id', 'contact id', 'record id', 'id', '顧客id', '顧客コード'],
    email: ['email', 'e-mail', 'email address', 'メールアドレス', 'メール'],
    familyName: ['last name', 'lastname', 'family name', 'surname', '姓', '名字'],
    givenName: ['first name', 'firstname', 'given name', '名', '名前'],
    familyNameKana: ['last name kana', 'family name kana', 'セイ', '姓（カナ）', '姓(カナ)', '姓カナ'],
    givenNameKana: ['first name kana', 'given name kana', 'メイ', '名（カナ）', '名(カナ)', '名カナ'],
    phone: ['phone', 'phone number', 'mobile', 'mobile phone', 'mobilephone', '電話番号', '携帯電話'],
    birthDate: ['birth date', 'birthdate', 'birthday', 'date of birth', '生年月日', '誕生日'],
    gender: ['gender', 'sex', '性別'],
    region: ['region', 'prefecture', 'province', 'province code', 'state', 'mailingstate', '都道府県'],
    customerNumber: ['customer number', 'membership number', 'member number', '会員番号'],
    consentEmail: ['email opt in', 'accepts email marketing', 'accepts marketing', 'email marketing consent', 'メール配信', 'メルマガ'],
    emailOptOut: ['hasoptedoutofemail', 'email opt out', 'unsubscribed'],
    consentLine: ['line opt in', 'line配信'],
    consentSms: ['sms opt in', 'accepts sms marketing', 'sms marketing consent', 'sms配信'],
  },
  orders: {
    externalId: ['order id', 'order number', 'name', 'order', '注文番号', '注文id', '受注番号'],
    contactExternalId: ['customer id', 'contact id', '顧客id', '顧客コード'],
    email: ['email', 'e-mail', 'email address', 'メールアドレス'],
    purchasedAt: ['created at', 'purchased at', 'order date', 'date', 'paid at', '注文日', '注文日時', '購入日', '購入日時'],
    amount: ['total', 'order total', 'total price', 'amount', '合計', '合計金額', '金額', '購入金額'],
    currency: ['currency', '通貨'],
    sku: ['lineitem sku', 'sku', 'product sku', '商品コード', '品番'],
    itemName: ['lineitem name', 'product name', 'item name', '商品名'],
    quantity: ['lineitem quantity', 'quantity', 'qty', '数量', '個数'],
    unitPrice: ['lineitem price', 'unit price', 'price', '単価'],
    channel: ['channel', 'source name', 'sales channel', '販売チャネル', 'チャネル'],
  },
};

/** A file must name these (one of each group) to be imported at all. */
export const REQUIRED: Record<ImportKind, string[][]> = {
  contacts: [['externalId']],
  orders: [['externalId'], ['contactExternalId', 'email'], ['purchasedAt'], ['amount']],
};

/** Mapping targets besides fields: keep as a custom attribute, or leave out. */
export const IGNORE = 'ignore';

const normalise = (header: string) =>
  header
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');

export interface ResolvedColumns {
  /** Column index → field name; columns missing here become attributes (contacts) or are ignored (orders). */
  fields: Map<number, string>;
  /** Headers kept as custom attributes (contacts) or ignored (orders), for the job report. */
  unmapped: string[];
  /** Required fields the file lacks: the file cannot be imported. */
  missing: string[];
  /** Headers appearing twice. */
  duplicates: string[];
}

/**
 * Matches a file's header to fields: first a mapping the manager saved (header → field or
 * `ignore`), then the known export names, case- and width-insensitively.
 */
export function resolveColumns(kind: ImportKind, header: readonly string[], mapping: Readonly<Record<string, string>> = {}): ResolvedColumns {
  const aliases = new Map<string, string>();
  for (const [field, names] of Object.entries(FIELD_ALIASES[kind])) {
    aliases.set(normalise(field), field);
    for (const name of names) aliases.set(normalise(name), field);
  }
  const custom = new Map(Object.entries(mapping).map(([from, to]) => [normalise(from), to]));
  const fields = new Map<number, string>();
  const unmapped: string[] = [];
  const seen = new Set<string>();
  const duplicates: string[] = [];
  header.forEach((raw, index) => {
    const key = normalise(raw);
    if (seen.has(key)) duplicates.push(raw);
    seen.add(key);
    const field = custom.get(key) ?? aliases.get(key);
    if (field === IGNORE) return;
    if (field && ![...fields.values()].includes(field)) fields.set(index, field);
    else unmapped.push(raw);
  });
  const present = new Set(fields.values());
  const missing = REQUIRED[kind].filter((group) => !group.some((f) => present.has(f))).map((group) => group.join(' or '));
  return { fields, unmapped, missing, duplicates };
}

/** Whether a mapping names only known fields (or `ignore`): saved mappings are checked with it. */
export function unknownTargets(kind: ImportKind, mapping: Readonly<Record<string, string>>): string[] {
  const known = new Set([...Object.keys(FIELD_ALIASES[kind]), IGNORE]);
  return Object.values(mapping).filter((to) => !known.has(to));
}
