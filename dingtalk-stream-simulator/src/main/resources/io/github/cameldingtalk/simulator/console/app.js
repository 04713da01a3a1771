// The console: conversations with the bot, fed live by the simulator's event stream (/_sim/feed), and the
// control API (/_sim/...) to send messages, files, card clicks and events. Everything the bot sends is
// untrusted: it is put in the page with textContent, or through Markdown.render, which escapes first.
"use strict";
const $ = id => document.getElementById(id);
const conversations = new Map();           // key -> {key, title, group, conversationId, staffId, items: Map}
const keyOfConversationId = new Map();     // DingTalk conversationId -> key
const cards = new Map();                   // outTrackId -> last card event
let current = null;

const element = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text != null) { node.textContent = text; }
  return node;
};

// The control API wants this run's token: the URL printed at start carries it in its fragment (no server sees a
// fragment); it is kept for the tab's reloads and taken out of the address bar.
const token = (() => {
  const given = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (given) {
    sessionStorage.setItem("simToken", decodeURIComponent(given[1]));
    history.replaceState(null, "", location.pathname);
  }
  return sessionStorage.getItem("simToken") || "";
})();

const control = (method, path, body) => fetch("/_sim" + path, {
  method, headers: {"Content-Type": "application/json", "X-Sim-Token": token},
  body: body == null ? undefined : JSON.stringify(body)
}).then(response => response.json());

const me = () => ({id: $("me-id").value.trim() || "zhangsan", nick: $("me-nick").value.trim() || "张三"});

// ------------------------------------------------------------------ conversations

function conversation(key, create) {
  if (!conversations.has(key)) {
    conversations.set(key, Object.assign({key, items: new Map(), unread: 0}, create));
    if (create.conversationId) { keyOfConversationId.set(create.conversationId, key); }
    renderConversations();
  }
  return conversations.get(key);
}

const oneToOne = (staffId, nick) => conversation("u:" + staffId,
    {title: "1:1 " + (nick || staffId), group: false, staffId, conversationId: "cid1to1" + staffId});
function group(conversationId, title) {
  const c = conversation("g:" + conversationId, {title: "group " + (title || conversationId), group: true, conversationId});
  if (title && c.title === "group " + conversationId) { c.title = "group " + title; renderConversations(); }
  return c;
}

function renderConversations() {
  const list = $("conversations");
  list.replaceChildren();
  const titles = new Map();
  for (const c of conversations.values()) { titles.set(c.title, (titles.get(c.title) || 0) + 1); }
  for (const c of conversations.values()) {
    // two conversations with the same title stay apart: each is named by its own id too
    const label = titles.get(c.title) > 1 ? c.title + " · " + (c.conversationId || c.key).slice(-8) : c.title;
    const item = element("li", c === current ? "active" : "", label);
    item.dataset.key = c.key;
    if (c.unread > 0 && c !== current) { item.append(element("span", "unread", " •" + c.unread)); }
    item.addEventListener("click", () => select(c));
    list.append(item);
  }
}

function select(c) {
  current = c;
  c.unread = 0;
  $("chat-title").textContent = c.title;
  renderConversations();
  renderMessages();
}

function add(c, id, item) {
  c.items.set(id, item);
  if (c === current) { renderMessages(); } else { c.unread++; renderConversations(); }
}

function renderMessages() {
  const list = $("messages");
  list.replaceChildren();
  if (!current) { return; }
  for (const item of current.items.values()) { list.append(item()); }
  list.scrollTop = list.scrollHeight;
}

// ------------------------------------------------------------------ what is shown

function bubble(side, who, content, via) {
  return () => {
    const li = element("li", side);
    li.append(element("span", "who", who));
    const body = element("div", "bubble");
    if (content instanceof Node) { body.append(content); } else { body.textContent = content; }
    li.append(body);
    if (via) { li.append(element("span", "via", via)); }
    return li;
  };
}

function markdown(title, text) {
  const box = element("div", "markdown");
  if (title) { box.append(element("div", "title", title)); }
  const rendered = element("div");
  rendered.innerHTML = Markdown.render(text);   // escaped first: see markdown.js
  box.append(rendered);
  return box;
}

function buttons(pairs) {
  const row = element("div", "actions");
  for (const [title, url] of pairs) {
    const link = element("a", null, title);
    if (/^(https?|dtmd):\/\//.test(url || "")) { link.href = url; link.target = "_blank"; link.rel = "noopener"; }
    row.append(link, document.createTextNode(" "));
  }
  return row;
}

/** A sessionWebhook body: {msgtype, text|markdown|actionCard …}. */
function replyContent(body) {
  const part = body[body.msgtype] || {};
  switch (body.msgtype) {
    case "text": return part.content || "";
    case "markdown": return markdown(part.title, part.text);
    case "actionCard": {
      const box = markdown(part.title, part.text);
      const pairs = (part.btns || []).map(b => [b.title, b.actionURL]);
      if (part.singleTitle) { pairs.push([part.singleTitle, part.singleURL]); }
      box.append(buttons(pairs));
      return box;
    }
    case "link": return markdown(part.title, (part.text || "") + "\n" + (part.messageUrl || ""));
    default: return "(" + body.msgtype + ")";
  }
}

/** A file to open: served by the simulator as a download (never shown as a page). */
function download(name, href) {
  const link = element("a", "file", "📄 " + name);
  link.href = href;
  link.download = name;
  return link;
}

/** A robot OpenAPI send: msgKey + msgParam. */
function sendContent(key, param) {
  param = param || {};
  if (key === "sampleText") { return param.content || ""; }
  if (key === "sampleMarkdown") { return markdown(param.title, param.text); }
  if (key === "sampleImageMsg") {
    const img = element("img", "shared");
    if (/^(https?:\/\/|\/files\/)/.test(param.photoURL || "")) { img.src = param.photoURL; }
    img.alt = "image " + (param.photoURL || "");
    return img;
  }
  if (key === "sampleFile") { return download(param.fileName || "file", "/files/media/" + encodeURIComponent(param.mediaId || "")); }
  if (key === "sampleAudio") { return "🔊 voice, " + (param.duration || "?") + " ms"; }
  if (key === "sampleVideo") { return "🎬 video, " + (param.duration || "?") + " s"; }
  if (key === "sampleLink") { return markdown(param.title, (param.text || "") + "\n" + (param.messageUrl || "")); }
  if (key && key.startsWith("sampleActionCard")) {
    const box = markdown(param.title, param.text);
    const pairs = [];
    if (param.singleTitle) { pairs.push([param.singleTitle, param.singleURL]); }
    for (let i = 1; i <= 5; i++) { if (param["actionTitle" + i]) { pairs.push([param["actionTitle" + i], param["actionURL" + i]]); } }
    box.append(buttons(pairs));
    return box;
  }
  return "(" + key + ")";
}

/** A card from its data: an AI card shows its content growing, an interactive card its fields and buttons. */
function cardContent(event) {
  const data = event.data || {};
  const ai = event.streamed || Object.prototype.hasOwnProperty.call(data, "msgContent");
  const box = element("div", "card");
  box.dataset.outTrackId = event.outTrackId;
  box.append(element("div", "title", data.title || (ai ? "AI answer" : "Card " + (event.templateId || ""))));
  if (ai) {
    const content = data.msgContent != null ? data.msgContent : (data.content || "");
    box.append(markdown(null, content));
  } else {
    const fields = element("dl");
    for (const [name, value] of Object.entries(data)) {
      if (name === "title") { continue; }
      fields.append(element("dt", null, name), element("dd", null, String(value)));
    }
    box.append(fields);
    for (const action of ["approve", "reject"]) {
      const button = element("button", null, action === "approve" ? "Approve" : "Reject");
      button.type = "button";
      button.dataset.action = action;
      button.addEventListener("click", () => control("POST", "/push/card", {
        clientId: $("app").value, outTrackId: event.outTrackId, actionIds: [action + "_button"],
        params: {action: action === "approve" ? "approved" : "rejected"}, userId: me().id
      }));
      box.append(button);
    }
  }
  if (ai && event.state) { box.append(element("span", "state " + event.state, event.state.toLowerCase())); }
  return box;
}

function conversationOfSpace(openSpaceId) {
  const space = /IM_GROUP\.([^;]+)/.exec(openSpaceId || "");
  if (space) { return conversations.get(keyOfConversationId.get(space[1])) || group(space[1]); }
  const user = /IM_ROBOT\.([^;]+)/.exec(openSpaceId || "");
  return user ? oneToOne(user[1]) : null;
}

// ------------------------------------------------------------------ the feed

const handlers = {
  message(e) {
    const c = e.group ? group(e.conversationId, e.title) : oneToOne(e.senderStaffId, e.senderNick);
    keyOfConversationId.set(e.conversationId, c.key);
    let content = e.text != null ? e.text : "(" + e.msgtype + ")";
    if (e.msgtype === "picture" && e.downloadCode && e.downloadCode.startsWith("console/")) {
      const img = element("img", "shared");
      img.src = "/files/" + encodeURIComponent(e.downloadCode);
      img.alt = "picture";
      content = img;
    } else if (e.fileName && e.downloadCode && e.downloadCode.startsWith("console/")) {
      content = download(e.fileName, "/files/" + encodeURIComponent(e.downloadCode));
    } else if (e.fileName) {
      content = "📄 " + e.fileName;
    }
    add(c, "m" + e.seq, bubble("user", e.senderNick, content));
  },
  reply(e) {
    const key = keyOfConversationId.get(e.conversationId);
    const c = key ? conversations.get(key) : group(e.conversationId);
    add(c, "r" + e.seq, bubble("bot", "bot", replyContent(e.body || {}), "reply"));
  },
  send(e) {
    const c = e.conversationId ? (conversations.get(keyOfConversationId.get(e.conversationId)) || group(e.conversationId))
        : oneToOne((e.userIds || [])[0]);
    add(c, "s" + e.seq, bubble("bot", "bot", sendContent(e.msgKey, e.msgParam), "OpenAPI message"));
  },
  card(e) {
    cards.set(e.outTrackId, e);
    const c = conversationOfSpace(e.openSpaceId);
    if (c) { add(c, "c" + e.outTrackId, bubble("bot", "bot", cardContent(e), "card")); }
  },
  ack(e) { log(e.messageType + " " + (e.topic || "") + " → " + e.code + (e.status ? " " + e.status : "")
      + " (" + (e.latencyMicros / 1000).toFixed(1) + " ms)", e.code !== 200 || e.status === "LATER"); },
  violation(e) { log("violation " + e.kind + ": " + e.detail, true); },
  connection() { refreshConnections(); }
};

function log(text, bad) {
  const list = $("log");
  list.append(element("li", bad ? "bad" : "", text));
  while (list.children.length > 300) { list.firstChild.remove(); }
}

function listen() {
  if (!token) {
    $("status").textContent = "open the console with the URL the simulator printed (it carries the token)";
    return;
  }
  const events = new EventSource("/_sim/feed?token=" + encodeURIComponent(token));
  events.onopen = () => { $("status").textContent = "live"; };
  events.onerror = () => { $("status").textContent = "reconnecting…"; };
  events.onmessage = message => {
    const event = JSON.parse(message.data);
    const handler = handlers[event.type];
    if (handler) { handler(event); }
  };
}

// ------------------------------------------------------------------ panels and actions

function refreshConnections() {
  control("GET", "/connections").then(all => {
    const list = $("connections");
    list.replaceChildren();
    for (const c of all.filter(c => c.state !== "CLOSED")) {
      const item = element("li", null, c.clientId + " " + c.id.substring(0, 8) + " " + c.state + " — "
          + c.subscriptions.map(s => s.type === "EVENT" ? "events" : s.topic).join(", "));
      item.append(element("br"));
      for (const action of ["disconnect", "abort", "half-open"]) {
        const button = element("button", null, action);
        button.type = "button";
        button.addEventListener("click", () => control("POST", "/connections/" + c.id + "/" + action, {}));
        item.append(button);
      }
      list.append(item);
    }
  });
}

function send(text) {
  if (!current) { return; }
  const who = me();
  const body = {clientId: $("app").value, text, conversationId: current.conversationId,
      senderStaffId: current.group ? who.id : current.staffId, senderNick: current.group ? who.nick : current.title.substring(4)};
  if (current.group) { body.group = current.title.replace(/^group /, ""); }
  control("POST", "/push/bot", body);
}

function sendFile(file) {
  const reader = new FileReader();
  reader.onload = () => {
    const base64 = String(reader.result).split(",")[1];
    control("POST", "/files", {name: file.name, contentBase64: base64}).then(stored => {
      const who = me();
      const body = {clientId: $("app").value, msgtype: file.type.startsWith("image/") ? "picture" : "file",
          fileName: file.name, downloadCode: stored.downloadCode, conversationId: current.conversationId,
          senderStaffId: current.group ? who.id : current.staffId, senderNick: who.nick};
      if (current.group) { body.group = current.title.replace(/^group /, ""); }
      control("POST", "/push/bot", body);
    });
  };
  reader.readAsDataURL(file);
}

function init() {
  control("GET", "/state").then(state => {
    for (const app of state.apps || []) { $("app").append(element("option", null, app)); }
    refreshConnections();
  });
  select(oneToOne(me().id, me().nick));
  group("cid研发群==", "研发群");
  $("composer").addEventListener("submit", event => {
    event.preventDefault();
    const text = $("text").value.trim();
    if (text) { send(text); $("text").value = ""; }
  });
  $("file").addEventListener("change", () => { if ($("file").files[0] && current) { sendFile($("file").files[0]); } });
  $("new-1to1").addEventListener("click", () => {
    const id = prompt("userId (staffId) of the user"); if (id) { select(oneToOne(id, id)); }
  });
  $("new-group").addEventListener("click", () => {
    const title = prompt("group name"); if (title) { select(group("cid" + Date.now(), title)); }
  });
  $("send-event").addEventListener("click", () => control("POST", "/push/event",
      {clientId: $("app").value, eventType: $("event-type").value, data: JSON.parse($("event-data").value || "{}")}));
  for (const tab of document.querySelectorAll(".tabs button")) {
    tab.addEventListener("click", () => {
      document.querySelectorAll(".tabs button").forEach(b => b.classList.toggle("active", b === tab));
      document.querySelectorAll(".tab").forEach(t => t.classList.toggle("hidden", t.id !== "tab-" + tab.dataset.tab));
      if (tab.dataset.tab === "connections") { refreshConnections(); }
    });
  }
  listen();
}

document.addEventListener("DOMContentLoaded", init);
