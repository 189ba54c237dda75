/** Debian's chromium (apt-get install chromium fonts-noto-cjk; fonts-noto-color-emoji for reactions in screenshots), driven by playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';
