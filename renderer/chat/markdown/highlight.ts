// Syntax highlighting for finished code blocks, as data: highlight.js parses
// the code, and its token tree (not its HTML) is turned into React elements,
// so model output never reaches innerHTML. Only the core and common
// languages are bundled; long blocks and unknown languages stay plain.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import makefile from 'highlight.js/lib/languages/makefile';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import plaintext from 'highlight.js/lib/languages/plaintext';
import powershell from 'highlight.js/lib/languages/powershell';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { createElement, type ReactNode } from 'react';

const languages = {
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  dockerfile,
  go,
  ini,
  java,
  javascript,
  json,
  kotlin,
  makefile,
  markdown,
  php,
  plaintext,
  powershell,
  python,
  ruby,
  rust,
  shell,
  sql,
  swift,
  typescript,
  xml,
  yaml,
};
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language);

/** Blocks longer than this are shown plain: highlighting them would hold the page up. */
export const highlightLimit = 20_000;

interface TreeNode {
  scope?: string;
  children: Array<TreeNode | string>;
}

function isTreeNode(value: unknown): value is TreeNode {
  return typeof value === 'object' && value !== null && Array.isArray((value as TreeNode).children);
}

/** highlight.js's class names for a scope ("title.function" → "hljs-title function_"). */
function scopeClass(scope: string): string {
  if (scope.startsWith('language:')) return `language-${scope.slice('language:'.length)}`;
  const [first, ...rest] = scope.split('.');
  return [`hljs-${first}`, ...rest.map((part, i) => `${part}${'_'.repeat(i + 1)}`)].join(' ');
}

function toReact(node: TreeNode | string, key: number): ReactNode {
  if (typeof node === 'string') return node;
  const children = node.children.map((child, i) => toReact(child, i));
  return node.scope ? createElement('span', { key, className: scopeClass(node.scope) }, children) : children;
}

/** The code as highlighted React nodes, or undefined to show it plain. */
export function highlight(code: string, lang: string | undefined): ReactNode | undefined {
  if (!lang || code.length > highlightLimit) return undefined;
  const language = hljs.getLanguage(lang.toLowerCase());
  if (!language) return undefined;
  try {
    const result = hljs.highlight(code, { language: lang.toLowerCase(), ignoreIllegals: true });
    const root = (result._emitter as unknown as { rootNode?: unknown }).rootNode;
    return isTreeNode(root) ? toReact(root, 0) : undefined;
  } catch {
    return undefined;
  }
}

/** The language's display name ("TypeScript"), if highlight.js knows it. */
export function languageName(lang: string | undefined): string | undefined {
  return lang ? (hljs.getLanguage(lang.toLowerCase())?.name ?? undefined) : undefined;
}
