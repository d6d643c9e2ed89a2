import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { StsResponseError } from './sts-error.js'
import { parseXml, type XmlElement } from './xml.js'

const textAt = (element: XmlElement | undefined, ...path: string[]) => {
  for (const name of path) element = element?.children.find((child) => child.name === name)
  return element?.text.trim()
}

const assumeRoleResponse = `<?xml version="1.0" encoding="UTF-8"?>
<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLE&amp;+/=</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>`

describe('parseXml', () => {
  it('reads an STS response', () => {
    const root = parseXml(assumeRoleResponse)
    expect(root.name).toBe('AssumeRoleResponse')
    expect(textAt(root, 'AssumeRoleResult', 'Credentials', 'SessionToken')).toBe('AQoDYXdzEPT//////////wEXAMPLE&+/=')
    expect(textAt(root, 'ResponseMetadata', 'RequestId')).toBe('c6104cbe-af31-11e0-8154-cbc7ccf896c7')
    expect(textAt(root, 'AssumeRoleResult', 'Missing', 'Deeper')).toBeUndefined()
  })

  it('decodes the predefined entities, character references and CDATA, and drops prefixes', () => {
    const root = parseXml(`<a:Root xmlns:a="x"><a:T>&lt;&gt;&amp;&quot;&apos;&#65;&#x1F600;<![CDATA[<raw & text>]]><!-- c --></a:T></a:Root>`)
    expect(textAt(root, 'T')).toBe(`<>&"'A😀<raw & text>`)
  })

  it.each([
    ['a DOCTYPE (no entity expansion, billion laughs or otherwise)', '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'],
    ['an unknown entity', '<x>&nbsp;</x>'],
    ['a bare ampersand', '<x>a & b</x>'],
    ['an invalid character reference', '<x>&#0;</x>'],
    ['a surrogate character reference', '<x>&#xD800;</x>'],
    ['mismatched tags', '<a><b></a></b>'],
    ['an unclosed element', '<a><b></b>'],
    ['a closing tag with nothing open', '</a>'],
    ['two roots', '<a/><b/>'],
    ['text outside the root', 'x<a/>'],
    ['an unquoted attribute', '<a b=c/>'],
    ['an attribute without a value', '<a b/>'],
    ['attributes not parted by white space', '<a b="1"c="2"/>'],
    ['an empty document', ''],
    ['an unterminated comment', '<a><!-- </a>'],
    ['nesting deeper than 64', '<a>'.repeat(65) + '</a>'.repeat(65)],
    ['a processing instruction of its own kind, unterminated', '<a><?x </a>'],
    ['a CDATA section outside the root', '<![CDATA[x]]><a/>'],
    ['attributes on a closing tag', '<a></a b="c">'],
    ['prefixes that do not match', '<p:a></q:a>'],
    ['a character reference beyond Unicode', '<x>&#x110000;</x>'],
    ['input that is not a string', 42 as unknown as string],
  ])('refuses %s with StsResponseError', (_, input) => {
    expect(() => parseXml(input)).toThrow(StsResponseError)
  })

  it('reports a malformed document as a StsResponseError that says what and where', () => {
    const error = (() => {
      try {
        parseXml('<a><b></a>')
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toMatchObject({ name: 'StsResponseError', code: 'ERR_STS_RESPONSE', retryable: false })
    expect((error as Error).message).toBe('the STS response is not well-formed XML at offset 6')
  })

  it.each(['<x:/>', '<:x/>', '<a:b:c/>', '<a><x:></x:></a>'])('refuses %s: a name has a name on each side of its colon', (input) => {
    expect(() => parseXml(input)).toThrow(StsResponseError)
    expect(parseXml('<p:a><q:b/></p:a>')).toMatchObject({ name: 'a', children: [{ name: 'b' }] })
  })

  it.each([
    ['an unclosed tag with many attributes', '<a' + ' b="c"'.repeat(200_000)],
    ['an unclosed tag full of white space', '<a' + ' '.repeat(1_000_000)],
    ['an unterminated comment', '<a><!--' + '-'.repeat(1_000_000)],
    ['an unterminated CDATA section', '<a><![CDATA[' + ']'.repeat(1_000_000)],
    ['many ampersands', '<a>' + '&amp'.repeat(250_000) + '</a>'],
  ])('gives up on %s in linear time', (_, input) => {
    const started = performance.now()
    expect(() => parseXml(input)).toThrow(StsResponseError)
    expect(performance.now() - started).toBeLessThan(1_000)
  })

  it('never throws anything but StsResponseError, whatever the input', () => {
    const xmlish = fc.array(
      fc.oneof(
        fc.constantFrom('<', '>', '/', '&', ';', '"', "'", '=', ' ', '?', '!', '[', ']', '-', 'a', 'b', '#', 'x', '1', ':'),
        fc.constantFrom('<a>', '</a>', '<![CDATA[', ']]>', '<!--', '-->', '&amp;', '&#x41;', '<?x?>', '<b c="d">', '<x:', '</x:'),
      ),
      { maxLength: 40 },
    )
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), xmlish.map((parts) => parts.join(''))), (input) => {
        try {
          // Every element has a name: the STS reader builds field names from them.
          const names = (element: ReturnType<typeof parseXml>): string[] => [element.name, ...element.children.flatMap(names)]
          for (const name of names(parseXml(input))) expect(name).toMatch(/^[A-Za-z_][\w.-]*$/)
        } catch (error) {
          if (!(error instanceof StsResponseError)) throw error
        }
      }),
      { numRuns: 5000 },
    )
  })

  it('reads back any tree it is given, text escaped', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,5}$/)
    const text = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((t) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(t))
    type Node = { name: string; text: string; children: Node[] }
    const level = (children: fc.Arbitrary<Node[]>): fc.Arbitrary<Node> => fc.record({ name, text, children })
    const leaf = level(fc.constant([]))
    const tree = level(fc.array(level(fc.array(leaf, { maxLength: 3 })), { maxLength: 3 }))
    const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    const serialise = (node: Node): string =>
      `<${node.name}>${escape(node.text)}${node.children.map(serialise).join('')}</${node.name}>`
    const strip = (element: XmlElement): unknown => ({ name: element.name, text: element.text, children: element.children.map(strip) })
    fc.assert(
      fc.property(tree, (node) => {
        expect(strip(parseXml(serialise(node)))).toEqual(node)
      }),
      { numRuns: 1000 },
    )
  })

  it('reads back any tree written with prefixes, attributes, comments, processing instructions, CDATA and character references', () => {
    type Node = { name: string; text: string; children: Node[] }
    const name = fc.stringMatching(/^[A-Za-z_][\w.-]{0,5}$/)
    const text = fc.string({ unit: 'binary', maxLength: 12 }).filter((t) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/.test(t))
    // Quoted values may hold `>` and the other quote; `<` and `&` are left out, as XML wants them escaped there.
    const attribute = fc
      .tuple(name, fc.string({ maxLength: 8 }).map((value) => value.replace(/[<&]/g, '')), fc.boolean())
      .map(([key, value, single]) => (single ? ` ${key}='${value.replace(/'/g, '')}'` : `\n${key} = "${value.replace(/"/g, '')}"`))
    const filler = fc.constantFrom('', '<!-- a > b & c -->', '<?pi x > y?>', '<![CDATA[]]>', '<!---->')
    // As it is, as CDATA, or every character as a character reference.
    const written = (value: string, form: number) =>
      form == 1 && !value.includes(']]>')
        ? `<![CDATA[${value}]]>`
        : [...value].map((c) => (c == '&' ? '&amp;' : c == '<' ? '&lt;' : form == 2 ? `&#x${c.codePointAt(0)!.toString(16)};` : c)).join('')
    const level = (depth: number): fc.Arbitrary<{ node: Node; xml: string }> =>
      fc
        .record({
          name,
          prefix: fc.option(fc.stringMatching(/^[A-Za-z_]\w{0,3}$/), { nil: undefined }),
          text,
          form: fc.nat(2),
          attributes: fc.array(attribute, { maxLength: 3 }),
          before: filler,
          after: filler,
          children: depth ? fc.array(level(depth - 1), { maxLength: 3 }) : fc.constant<{ node: Node; xml: string }[]>([]),
        })
        .map(({ name, prefix, text, form, attributes, before, after, children }) => {
          const tag = (prefix ? `${prefix}:${name}` : name) + attributes.join('')
          const node = { name, text, children: children.map((child) => child.node) }
          if (!text && !children.length) return { node, xml: `<${tag}/>` }
          const content = before + written(text, form) + after + children.map((child) => child.xml).join('')
          return { node, xml: `<${tag}>${content}</${prefix ? `${prefix}:${name}` : name} >` }
        })
    const strip = (element: XmlElement): unknown => ({ name: element.name, text: element.text, children: element.children.map(strip) })
    const head = fc.constantFrom('', '\ufeff', '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n', ' \n<!-- c -->')
    fc.assert(
      fc.property(head, level(3), fc.constantFrom('', '\n ', '<!-- end -->'), (before, { node, xml }, after) => {
        expect(strip(parseXml(before + xml + after))).toEqual(node)
      }),
      { numRuns: 2000 },
    )
  })
})
