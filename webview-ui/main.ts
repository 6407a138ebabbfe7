import { parseHostMessage } from '../src/protocolHostMessages';
import { PanelApp } from './app';
import { parseViewState } from './viewState';
import { HostChannel } from './vscodeApi';

// Entry point of the panel bundle (dist/webview/panel.js).
const host = new HostChannel();
const root = document.getElementById('app');
if (!root) throw new Error('Best-of-N panel: the #app mount point is missing');

const app = new PanelApp(root, { post: (m) => host.post(m), saveViewState: (s) => host.saveViewState(s) }, parseViewState(host.loadViewState()));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message) {
    // Never act on a message that does not match the protocol; say so for whoever debugs it.
    console.warn('Best-of-N panel: ignored a message that does not match the protocol');
    return;
  }
  app.receive(message);
});

host.post({ type: 'ready' });
