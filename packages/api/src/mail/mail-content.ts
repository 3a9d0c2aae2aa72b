// The parts of a mail a template produces: a plain-text and a simple HTML body.
export interface MailContent {
  subject: string;
  text: string;
  html: string;
  /** The one link the mail asks the person to follow, if any (it may hold a token). */
  link?: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

export interface MailLayout {
  subject: string;
  /** Paragraphs of plain text; escaped for the HTML part. */
  paragraphs: readonly string[];
  action?: { label: string; url: string };
  /** A closing line under the action, e.g. why the person got this mail. */
  footer?: string;
}

/** One small layout for every kind: the same words in the text and the HTML part. */
export function renderMail(layout: MailLayout): MailContent {
  const { subject, paragraphs, action, footer } = layout;
  const textParts = [...paragraphs];
  if (action !== undefined) textParts.push(`${action.label}:\n${action.url}`);
  if (footer !== undefined) textParts.push(footer);
  const htmlParts = paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`);
  if (action !== undefined) {
    const url = escapeHtml(action.url);
    htmlParts.push(
      `<p><a href="${url}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(action.label)}</a></p>`,
      `<p style="font-size:13px;color:#555555">Or open this address: ${url}</p>`,
    );
  }
  if (footer !== undefined) {
    htmlParts.push(`<p style="font-size:13px;color:#555555">${escapeHtml(footer)}</p>`);
  }
  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111111;max-width:560px;margin:0 auto;padding:24px">',
    ...htmlParts,
    '</body></html>',
  ].join('\n');
  return {
    subject,
    text: `${textParts.join('\n\n')}\n`,
    html,
    ...(action === undefined ? {} : { link: action.url }),
  };
}
