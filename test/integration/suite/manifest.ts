import * as vscode from 'vscode';

/** `<publisher>.<name>` of the extension under test. */
export const EXTENSION_ID = 'best-of-n.best-of-n';

/** The parts of package.json the suite checks against what VS Code registered. */
export interface ManifestView {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, { default?: unknown; markdownDescription?: string; scope?: string }> }[];
  };
  capabilities: {
    untrustedWorkspaces: { supported: boolean | 'limited' };
    virtualWorkspaces: { supported: boolean } | boolean;
  };
}

/** The manifest as VS Code loaded it (configuration normalised to a list of sections). */
export function manifest(): ManifestView & { capabilities: { virtualWorkspaces: { supported: boolean } } } {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (extension === undefined) throw new Error(`${EXTENSION_ID} is not installed`);
  const json = extension.packageJSON as {
    contributes: { commands: ManifestView['contributes']['commands']; configuration: ManifestView['contributes']['configuration'] | ManifestView['contributes']['configuration'][number] };
    capabilities: ManifestView['capabilities'];
  };
  const configuration = Array.isArray(json.contributes.configuration) ? json.contributes.configuration : [json.contributes.configuration];
  const virtual = json.capabilities.virtualWorkspaces;
  return {
    contributes: { commands: json.contributes.commands, configuration },
    capabilities: {
      untrustedWorkspaces: json.capabilities.untrustedWorkspaces,
      virtualWorkspaces: typeof virtual === 'boolean' ? { supported: virtual } : virtual,
    },
  };
}
