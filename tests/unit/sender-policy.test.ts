import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkSender, isRendererUrl, isSameDocument, type SenderFacts } from '../../main/ipc/sender-policy.ts';

const rendererDir = join('/opt/Taskdeck/resources/app.asar/out/renderer');
const indexUrl = pathToFileURL(join(rendererDir, 'index.html')).href;
const built = { rendererDir };
const dev = { rendererDir, devServerUrl: 'http://localhost:5173' };
const fromWindow = (url: string): SenderFacts => ({ hasFrame: true, isMainFrame: true, isAppWindow: true, url });

describe('isRendererUrl', () => {
  it('accepts the built renderer and files under it', () => {
    expect(isRendererUrl(indexUrl, built)).toBe(true);
    expect(isRendererUrl(`${indexUrl}#/tasks/3`, built)).toBe(true);
    expect(isRendererUrl(pathToFileURL(join(rendererDir, 'assets', 'x.js')).href, built)).toBe(true);
  });

  it('refuses other files, including ones reached with .. or a look-alike folder', () => {
    expect(isRendererUrl(pathToFileURL('/etc/passwd').href, built)).toBe(false);
    expect(isRendererUrl(`file://${rendererDir}/../../evil.html`, built)).toBe(false);
    expect(isRendererUrl(`file://${rendererDir}/%2e%2e/evil.html`, built)).toBe(false);
    expect(isRendererUrl(pathToFileURL(`${rendererDir}-evil/index.html`).href, built)).toBe(false);
    expect(isRendererUrl(pathToFileURL(rendererDir).href, built)).toBe(false);
    expect(isRendererUrl(`file://attacker.example${rendererDir}/index.html`, built)).toBe(false);
  });

  it('refuses other schemes and garbage', () => {
    for (const url of ['https://evil.example/', 'about:blank', 'data:text/html,hi', 'javascript:alert(1)', '', 'not a url']) {
      expect(isRendererUrl(url, built), url).toBe(false);
    }
  });

  it('accepts the dev server origin only when one is configured', () => {
    expect(isRendererUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isRendererUrl('http://localhost:5173/index.html?x=1', dev)).toBe(true);
    expect(isRendererUrl('http://localhost:5173/', built)).toBe(false);
    expect(isRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isRendererUrl('https://localhost:5173/', dev)).toBe(false);
    expect(isRendererUrl('http://127.0.0.1:5173/', dev)).toBe(false);
  });
});

describe('checkSender', () => {
  it('lets the main frame of our window through', () => {
    expect(checkSender(fromWindow(indexUrl), built)).toEqual({ ok: true });
  });

  it('refuses a missing frame, a foreign web contents, a sub-frame and a foreign page', () => {
    expect(checkSender({ ...fromWindow(indexUrl), hasFrame: false }, built).ok).toBe(false);
    expect(checkSender({ ...fromWindow(indexUrl), isAppWindow: false }, built).ok).toBe(false);
    expect(checkSender({ ...fromWindow(indexUrl), isMainFrame: false }, built).ok).toBe(false);
    const foreign = checkSender(fromWindow('https://evil.example/page?token=secret'), built);
    expect(foreign).toEqual({ ok: false, reason: 'the sender shows https://evil.example/page' });
  });
});

describe('isSameDocument', () => {
  it('allows hash and query moves within the page, nothing else', () => {
    expect(isSameDocument(`${indexUrl}#/settings`, indexUrl)).toBe(true);
    expect(isSameDocument(`${indexUrl}?tab=2`, `${indexUrl}#/x`)).toBe(true);
    expect(isSameDocument(pathToFileURL(join(rendererDir, 'other.html')).href, indexUrl)).toBe(false);
    expect(isSameDocument('https://evil.example/', indexUrl)).toBe(false);
    expect(isSameDocument('http://localhost:5173/#/a', 'http://localhost:5173/')).toBe(true);
    expect(isSameDocument('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isSameDocument('garbage', indexUrl)).toBe(false);
  });
});
