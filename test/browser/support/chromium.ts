/** Debian's chromium (apt-get install chromium fonts-noto-cjk), driven by playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';
