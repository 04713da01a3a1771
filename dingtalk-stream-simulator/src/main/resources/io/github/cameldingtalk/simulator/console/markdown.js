// A small, safe markdown renderer for what bots send (DingTalk markdown): the text is HTML-escaped first, then
// only a few constructs are turned into tags, and links only for http(s) and dtmd URLs. Written here instead of
// a vendored library because safety matters more than completeness: nothing a bot sends can become script.
"use strict";
const Markdown = (() => {
  const escape = text => String(text)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");

  const inline = escaped => escaped
      .replace(/`([^`]+)`/g, "<code>$1</code>")
      .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
      .replace(/\*([^*]+)\*/g, "<em>$1</em>")
      .replace(/\[([^\]]+)\]\(((?:https?|dtmd):\/\/[^\s)]+)\)/g,
          '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>');

  /** Markdown source to HTML whose every piece of text was escaped. */
  const render = source => {
    const lines = escape(source == null ? "" : source).split(/\r?\n/);
    const out = [];
    let list = null;
    for (const line of lines) {
      const heading = /^(#{1,6})\s+(.*)$/.exec(line);
      const item = /^\s*(?:[-*]|\d+\.)\s+(.*)$/.exec(line);
      if (item) {
        if (!list) { list = []; }
        list.push("<li>" + inline(item[1]) + "</li>");
        continue;
      }
      if (list) { out.push("<ul>" + list.join("") + "</ul>"); list = null; }
      if (heading) {
        const level = Math.min(heading[1].length + 2, 6);
        out.push("<h" + level + ">" + inline(heading[2]) + "</h" + level + ">");
      } else if (line.trim() === "") {
        out.push("<br>");
      } else {
        out.push("<div>" + inline(line) + "</div>");
      }
    }
    if (list) { out.push("<ul>" + list.join("") + "</ul>"); }
    return out.join("");
  };
  return { render, escape };
})();
