// A long, realistic answer for the rendering tests and the benchmark:
// headings, paragraphs with inline markup, lists, task lists, code blocks,
// tables and links, split into model-sized tokens (about 4 characters).

const words =
  'the error means that the module could not be resolved because its path is relative to the working directory and not to the file that imports it so the loader looks in the wrong folder'.split(
    ' ',
  );

function sentence(i: number, length: number): string {
  const out: string[] = [];
  for (let k = 0; k < length; k++) out.push(words[(i * 7 + k * 3) % words.length]!);
  out[0] = out[0]!.charAt(0).toUpperCase() + out[0]!.slice(1);
  if (i % 3 === 0) out[2] = `**${out[2]}**`;
  if (i % 4 === 1) out[4] = `\`${out[4]}()\``;
  if (i % 5 === 2) out[6] = `[${out[6]}](https://example.com/docs/${i})`;
  return `${out.join(' ')}.`;
}

function section(i: number): string {
  const parts = [
    `## Step ${i + 1}: check the ${words[i % words.length]}`,
    `${sentence(i, 14)} ${sentence(i + 1, 11)} ${sentence(i + 2, 16)}`,
    [0, 1, 2, 3].map((k) => `- ${sentence(i + k, 7)}`).join('\n'),
  ];
  if (i % 2 === 0) {
    parts.push(
      [
        '```ts',
        `import { load${i} } from './loader.js';`,
        `const value${i} = await load${i}({ path: new URL('./data.json', import.meta.url) });`,
        `if (!value${i}.ok) throw new Error(\`failed: \${value${i}.reason}\`);`,
        `export default value${i};`,
        '```',
      ].join('\n'),
    );
  } else {
    parts.push(
      [
        '| option | default | meaning |',
        '|---|:-:|---|',
        ...[0, 1, 2].map((k) => `| \`opt${i}${k}\` | ${k} | ${sentence(i + k, 5)} |`),
      ].join('\n'),
    );
  }
  parts.push(`- [x] ${sentence(i, 5)}\n- [ ] ${sentence(i + 1, 6)}`);
  return parts.join('\n\n');
}

/** Markdown of at least `characters` characters. */
export function sampleAnswer(characters: number): string {
  const sections: string[] = [];
  let length = 0;
  for (let i = 0; length < characters; i++) {
    const text = section(i);
    sections.push(text);
    length += text.length + 2;
  }
  return sections.join('\n\n');
}

/** `count` tokens of a long answer, each 1 to 6 characters, as a model streams them. */
export function markdownTokens(count: number): string[] {
  const text = sampleAnswer(count * 6);
  const tokens: string[] = [];
  let at = 0;
  for (let i = 0; tokens.length < count; i++) {
    const size = 1 + ((i * 5) % 6);
    tokens.push(text.slice(at, at + size));
    at += size;
  }
  return tokens;
}
