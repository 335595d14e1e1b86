/* Opens a sealed page in the reader's browser, with Web Crypto alone. The key comes from
   the link's fragment (#k=...), else the tab's session storage (a cache), else a passphrase
   the reader types; the decrypted page then takes the place of this shell, and its links
   carry the key on. A one-file site holds every page; #p= names the one shown. */
(() => {
  "use strict";
  const LABEL = "dossier seal 1";
  const MESSAGES = {
    insecure:
      "This document is sealed (encrypted), and this browser will not decrypt it at this " +
      "address: browsers only decrypt for pages opened over https:// or from a file on " +
      "this computer, and this one came over plain http://. Ask the sender for an " +
      "https:// link.",
    noKey:
      "This document is sealed. Open it with the whole link you were sent: the key is " +
      "the part after the # sign.",
    damagedLink:
      "This link is damaged: its key is cut short or altered. Copy the whole link you " +
      "were sent, including everything after the # sign, and open it again.",
    wrongKey:
      "This link's key does not open this document. The link may be out of date (the " +
      "sender may have sealed it again with a new key): ask them for the current link.",
    staleLink: "This link's key does not open this document. Enter the passphrase instead.",
    damagedPage:
      "This document is damaged and cannot be opened. Ask the sender to publish it again.",
    missing: "This link points to a page this file does not hold. Open the file again.",
    passphrase:
      "This document is protected by a passphrase. Enter the passphrase you were given " +
      "(it was sent separately from the document).",
    wrongPassphrase: "That passphrase does not open this document. Check it and try again.",
    opening: "Opening…",
  };
  const config = JSON.parse(document.getElementById("seal-config").textContent);
  const data = document.getElementById("seal-data").textContent.trim();
  const entries = config.single ? JSON.parse(data) : null;
  const shellBody = document.body;
  const shellHead = Array.from(document.head.childNodes);
  const shellTitle = document.title;
  const status = document.getElementById("seal-status");
  const heading = document.getElementById("seal-title");
  const form = document.getElementById("seal-form");
  const input = document.getElementById("seal-passphrase");
  const actions = document.getElementById("seal-actions");
  const encoder = new TextEncoder();
  const cacheName = "dossier-seal:" + (config.check || "");
  let aes = null;
  let keyText = "";
  let current = "";
  const styles = new Map();

  function say(message, problem) {
    status.textContent = message;
    status.classList.toggle("problem", Boolean(problem));
    status.setAttribute("role", problem ? "alert" : "status");
  }

  function showShell() {
    if (document.body === shellBody) return;
    document.head.replaceChildren(...shellHead);
    document.body.replaceWith(shellBody);
    document.title = shellTitle;
  }

  function fail(message) {
    showShell();
    form.hidden = true;
    actions.replaceChildren();
    say(message, true);
  }

  function params() {
    const found = {};
    for (const part of location.hash.slice(1).split("&")) {
      const at = part.indexOf("=");
      if (at <= 0) continue;
      try {
        found[part.slice(0, at)] = decodeURIComponent(part.slice(at + 1));
      } catch (error) {
        found[part.slice(0, at)] = "%"; // undecodable: a damaged link
      }
    }
    return found;
  }

  function bytes(base64) {
    const binary = atob(base64.replace(/-/g, "+").replace(/_/g, "/"));
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  }

  function base64url(raw) {
    let binary = "";
    for (const b of raw) binary += String.fromCharCode(b);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function keyBytes(text) {
    if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return null;
    const raw = bytes(text);
    return raw.length === 32 ? raw : null;
  }

  function hex(raw) {
    return Array.from(raw, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function subkey(raw, use) {
    const hmac = await crypto.subtle.importKey(
      "raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const label = encoder.encode(LABEL + ": " + use);
    return new Uint8Array(await crypto.subtle.sign("HMAC", hmac, label));
  }

  // The AES key for this document, or null when `raw` is not its key.
  async function unlock(raw) {
    if (hex((await subkey(raw, "check")).slice(0, 16)) !== config.check) return null;
    const content = await subkey(raw, "content");
    return crypto.subtle.importKey("raw", content, "AES-GCM", false, ["decrypt"]);
  }

  async function fromPassphrase(typed) {
    const base = await crypto.subtle.importKey(
      "raw", encoder.encode(typed.normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
    const how = {
      name: "PBKDF2", hash: "SHA-256", salt: bytes(config.salt), iterations: config.iterations,
    };
    return new Uint8Array(await crypto.subtle.deriveBits(how, base, 256));
  }

  // A payload's header (what it is) and body (the page or the file's bytes).
  async function decrypt(payload) {
    let plain = bytes(payload);
    if (aes) {
      const how = { name: "AES-GCM", iv: plain.slice(0, 12), additionalData: encoder.encode(LABEL) };
      plain = new Uint8Array(await crypto.subtle.decrypt(how, aes, plain.slice(12)));
    }
    const end = plain.indexOf(10);
    const header = JSON.parse(new TextDecoder().decode(plain.slice(0, end)));
    return { header: header, body: plain.slice(end + 1) };
  }

  function cached() {
    try {
      return sessionStorage.getItem(cacheName) || "";
    } catch (error) {
      return ""; // no storage here: links still carry the key
    }
  }

  function remember(value) {
    try {
      if (value) sessionStorage.setItem(cacheName, value);
      else sessionStorage.removeItem(cacheName);
    } catch (error) {
      // no storage here: links still carry the key
    }
  }

  async function start() {
    if (config.mode === "open") return open(params());
    if (window.isSecureContext === false || !(window.crypto && window.crypto.subtle)) {
      return fail(MESSAGES.insecure);
    }
    const given = params();
    const tries = [];
    if ("k" in given) tries.push([given.k, true]);
    if (cached()) tries.push([cached(), false]);
    for (const [candidate, fromLink] of tries) {
      const raw = keyBytes(candidate);
      const found = raw && (await unlock(raw));
      if (found) return accept(found, candidate);
      if (fromLink && config.mode === "passphrase") return ask(MESSAGES.staleLink);
      if (fromLink) return fail(raw ? MESSAGES.wrongKey : MESSAGES.damagedLink);
      remember(""); // a stale cache entry
    }
    return config.mode === "passphrase" ? ask("") : fail(MESSAGES.noKey);
  }

  function accept(found, text) {
    aes = found;
    keyText = text;
    remember(text);
    return open(params());
  }

  async function open(where) {
    let payload = data;
    if (config.single) {
      current = where.p || config.index;
      payload = Object.prototype.hasOwnProperty.call(entries, current) ? entries[current] : null;
      if (payload === null) return fail(MESSAGES.missing);
    }
    let opened, page;
    try {
      opened = await decrypt(payload);
      if (opened.header.kind === "file") return offer(opened.header, opened.body);
      page = new DOMParser().parseFromString(new TextDecoder().decode(opened.body), "text/html");
      for (const style of page.querySelectorAll("style[data-seal-style]")) {
        style.textContent = await sharedStyle(style.dataset.sealStyle);
      }
    } catch (error) {
      return fail(MESSAGES.damagedPage);
    }
    render(page);
    goTo(where.to);
  }

  // A one-file site keeps each stylesheet once, for every page.
  async function sharedStyle(name) {
    if (!styles.has(name)) {
      const known = Object.prototype.hasOwnProperty.call(entries, name);
      const opened = known ? await decrypt(entries[name]) : { body: new Uint8Array(0) };
      styles.set(name, new TextDecoder().decode(opened.body));
    }
    return styles.get(name);
  }

  function render(page) {
    const head = Array.from(page.head.childNodes, (node) => document.importNode(node, true));
    const noReferrer = document.createElement("meta");
    noReferrer.name = "referrer";
    noReferrer.content = "no-referrer";
    document.head.replaceChildren(...head, noReferrer);
    document.title = page.title;
    document.documentElement.lang = page.documentElement.lang || "en";
    const body = document.importNode(page.body, true);
    document.body.replaceWith(body);
    if (keyText && !config.single) {
      for (const link of body.querySelectorAll("a[data-seal]")) {
        link.setAttribute("href", keyed(link.getAttribute("href")));
      }
    }
    for (const inert of body.querySelectorAll("script")) {
      const script = document.createElement("script");
      for (const attribute of inert.attributes) script.setAttribute(attribute.name, attribute.value);
      script.textContent = inert.textContent;
      inert.replaceWith(script);
    }
  }

  function keyed(href) {
    const at = href.indexOf("#");
    const to = at < 0 ? "" : new URLSearchParams(href.slice(at + 1)).get("to") || "";
    const base = at < 0 ? href : href.slice(0, at);
    return base + "#k=" + keyText + (to ? "&to=" + encodeURIComponent(to) : "");
  }

  function goTo(to) {
    const target = to ? document.getElementById(to) : null;
    if (!target) {
      window.scrollTo(0, 0);
      return;
    }
    if (!target.hasAttribute("tabindex") && target.tabIndex < 0) target.tabIndex = -1;
    target.focus({ preventScroll: true });
    target.scrollIntoView();
  }

  function size(count) {
    if (count < 1024) return count + " bytes";
    if (count < 1048576) return (count / 1024).toFixed(1) + " KB";
    return (count / 1048576).toFixed(1) + " MB";
  }

  function save(header, body) {
    const url = URL.createObjectURL(new Blob([body], { type: header.type }));
    const link = document.createElement("a");
    link.href = url;
    link.download = header.name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  // An attachment: shown in the shell with a button that saves it.
  function offer(header, body) {
    showShell();
    form.hidden = true;
    document.title = header.name;
    heading.textContent = header.name;
    say("An attachment of " + size(body.length) + ".", false);
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Download";
    button.addEventListener("click", () => save(header, body));
    actions.replaceChildren(button);
    if (history.length > 1) {
      const back = document.createElement("button");
      back.type = "button";
      back.className = "seal-secondary";
      back.textContent = "Back";
      back.addEventListener("click", () => history.back());
      actions.append(back);
    }
  }

  function ask(message) {
    showShell();
    form.hidden = false;
    say(message || MESSAGES.passphrase, Boolean(message));
    input.focus();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    say(MESSAGES.opening, false);
    try {
      const raw = await fromPassphrase(input.value);
      const found = await unlock(raw);
      if (!found) {
        say(MESSAGES.wrongPassphrase, true);
        input.select();
        return;
      }
      form.hidden = true;
      input.value = "";
      await accept(found, base64url(raw));
    } finally {
      button.disabled = false;
    }
  });

  window.addEventListener("hashchange", () => {
    const where = params();
    if (config.mode !== "open" && !aes) start().catch(() => fail(MESSAGES.damagedPage));
    else if (config.single && (where.p || config.index) !== current) open(where);
    else goTo(where.to);
  });

  // One-file sites: an attachment link saves the file from inside this one.
  document.addEventListener("click", (event) => {
    const link = config.single && event.target.closest && event.target.closest('a[data-seal="file"]');
    if (!link) return;
    event.preventDefault();
    const name = new URLSearchParams(link.getAttribute("href").slice(1)).get("f") || "";
    if (!Object.prototype.hasOwnProperty.call(entries, name)) return;
    decrypt(entries[name]).then(
      (opened) => save(opened.header, opened.body),
      () => fail(MESSAGES.damagedPage));
  });

  start().catch(() => fail(MESSAGES.damagedPage));
})();
