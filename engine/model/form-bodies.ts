/**
 * A `zeebe:userTaskForm` holds a form's JSON as text, and form texts may
 * carry HTML such as `<br />` written into the XML unescaped. Zeebe accepts
 * such a diagram; an XML reader sees an unknown element there. So, before the
 * document is read, markup inside a form body is escaped and the body kept
 * as written. The scan is linear: each form is passed once.
 */
const FORM_START = /<((?:[\w.-]+:)?userTaskForm)\b/g;

export function escapeFormBodies(xml: string): string {
  let out = '';
  let done = 0;
  FORM_START.lastIndex = 0;
  for (let match = FORM_START.exec(xml); match; match = FORM_START.exec(xml)) {
    const tagEnd = xml.indexOf('>', match.index);
    if (tagEnd < 0) break;
    if (xml[tagEnd - 1] === '/') continue;
    const close = xml.indexOf(`</${match[1]}>`, tagEnd);
    if (close < 0) break;
    const body = xml.slice(tagEnd + 1, close);
    if (body.includes('<') && !body.includes('<![CDATA[') && !body.includes('<!--')) {
      out += xml.slice(done, tagEnd + 1) + body.replaceAll('<', '&lt;');
      done = close;
    }
    FORM_START.lastIndex = close;
  }
  return done ? out + xml.slice(done) : xml;
}
