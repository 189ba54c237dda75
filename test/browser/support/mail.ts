import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const POLL_MS = 100;
const TIMEOUT_MS = 15_000;

/** A mail the API wrote to `<DATA_DIR>/mail/` (it does so when no SMTP server is configured). */
interface Mail {
  to: string;
  text: string;
}

/**
 * The links to `path` (e.g. `/verify-email`) in the mails to `to`, oldest first, once there are
 * `count` of them. Mails are sent by the outbox dispatcher after the request has returned, so
 * this waits for the files to appear.
 */
export async function waitForMailLinks(dataDir: string, to: string, path: string, count = 1): Promise<string[]> {
  const deadline = Date.now() + TIMEOUT_MS;
  const pattern = new RegExp(`https?://\\S+${path}\\?token=[\\w-]+`);
  for (;;) {
    const mails = (await readMails(dataDir)).filter((mail) => mail.to === to);
    const links = mails.map((mail) => pattern.exec(mail.text)?.[0]).filter((link): link is string => Boolean(link));
    if (links.length >= count) return links;
    if (Date.now() > deadline) throw new Error(`Fewer than ${count} mails to ${to} with a ${path} link within ${TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function readMails(dataDir: string): Promise<Mail[]> {
  const dir = join(dataDir, 'mail');
  // The API names each file after the time it was written.
  const files = (await readdir(dir).catch(() => [])).filter((file) => file.endsWith('.eml')).sort();
  return Promise.all(files.map(async (file) => parseMail(await readFile(join(dir, file), 'utf8'))));
}

/** Just enough of RFC 5322/2045 for the API's single-part text mails. */
function parseMail(source: string): Mail {
  const [head, ...rest] = source.replace(/\r\n/g, '\n').split('\n\n');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1].trim() ?? '';
  const body = rest.join('\n\n');
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  return { to: header('To'), text };
}
