import type { Lang } from '$lib/i18n/index.svelte';

declare global {
  namespace App {
    interface Locals {
      lang: Lang;
    }
  }
}

export {};
