/* The speech change form: sections ordered by dragging, numbered 一、二、… as they move,
   and the whole form kept in the browser (localStorage) so that a crash loses nothing.
   The stored copy comes back only when the editor asks: it never overwrites the server's. */
"use strict";

(function () {
  const DIGITS = "零一二三四五六七八九";

  // Same numbering as speeches/numbering.py section_label (1..99 is all a speech needs).
  function chineseNumber(n) {
    if (n < 10) return DIGITS[n];
    const tens = Math.floor(n / 10), ones = n % 10;
    return (tens > 1 ? DIGITS[tens] : "") + "十" + (ones ? DIGITS[ones] : "");
  }

  function sectionRows() {
    return Array.from(document.querySelectorAll("#sections-group .inline-related:not(.empty-form)"))
      .filter((row) => !row.classList.contains("deleted"));
  }

  function renumber() {
    let number = 0;
    sectionRows().forEach((row) => {
      const deleting = row.querySelector("input[name$='-DELETE']");
      const position = row.querySelector("input[name$='-position']");
      const label = row.querySelector(".section-number");
      if (deleting && deleting.checked) {
        if (label) label.textContent = "（将删除）";
        return;
      }
      number += 1;
      if (position) position.value = number;
      if (label) label.textContent = chineseNumber(number) + "、";
      // The server's label names the old number: show the heading as typed instead.
      const saved = row.querySelector(".inline_label");
      const heading = row.querySelector("input[name$='-heading']");
      if (saved && heading) saved.textContent = heading.value;
    });
  }

  function prepareRow(row) {
    if (row.dataset.sortable) return;
    row.dataset.sortable = "1";
    const title = row.querySelector("h3");
    if (title) {
      const handle = document.createElement("span");
      handle.className = "section-handle";
      handle.title = "拖动以调整章节顺序";
      handle.textContent = "⠿";
      // Only the handle drags: text inside the editors stays selectable.
      handle.draggable = true;
      handle.addEventListener("dragstart", (event) => {
        row.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", row.id);
        event.dataTransfer.setDragImage(row, 10, 10);
      });
      handle.addEventListener("dragend", () => {
        row.classList.remove("dragging");
        renumber();
      });
      const label = document.createElement("span");
      label.className = "section-number";
      title.prepend(handle, label);
    }
    const positionRow = row.querySelector(".field-position");
    if (positionRow) positionRow.hidden = true;  // set by dragging, kept for the server
    const deleting = row.querySelector("input[name$='-DELETE']");
    if (deleting) deleting.addEventListener("change", renumber);
    const heading = row.querySelector("input[name$='-heading']");
    if (heading) heading.addEventListener("input", renumber);
    row.addEventListener("dragstart", (event) => {
      row.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.id);
    });
    row.addEventListener("dragend", () => {
        row.classList.remove("dragging");
      renumber();
    });
    row.addEventListener("dragover", (event) => {
      const dragged = document.querySelector("#sections-group .dragging");
      if (!dragged || dragged === row) return;
      event.preventDefault();
      const box = row.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      row.parentNode.insertBefore(dragged, after ? row.nextSibling : row);
    });
    row.addEventListener("drop", (event) => { event.preventDefault(); renumber(); });
  }

  function setUpSections() {
    const group = document.getElementById("sections-group");
    if (!group) return;
    sectionRows().forEach(prepareRow);
    renumber();
    document.addEventListener("formset:added", (event) => {
      if (event.detail && event.detail.formsetName === "sections") {
        prepareRow(event.target);
        renumber();
      }
    });
    document.addEventListener("formset:removed", renumber);
  }

  // Autosave.

  let form = null;  // found once the page is parsed (this script loads in the head)
  const KEY = "speech-draft:" + location.pathname;
  const SAVE_EVERY_MS = 2000;

  function fields() {
    return Array.from(form.elements).filter((el) => {
      if (!el.name || ["csrfmiddlewaretoken", "edit_lock"].includes(el.name)) return false;
      if (["file", "submit", "button", "reset", "hidden"].includes(el.type)) return false;
      return !el.closest("#workflow-panel");  // the workflow's own inputs are not the speech
    });
  }

  function snapshot() {
    const values = {};
    fields().forEach((el) => {
      values[el.name] = el.type === "checkbox" ? el.checked : el.value;
    });
    return values;
  }

  function store() {
    const lock = form.elements.edit_lock ? form.elements.edit_lock.value : "";
    localStorage.setItem(KEY, JSON.stringify({ savedAt: Date.now(), lock: lock, values: snapshot() }));
  }

  function restore(values) {
    fields().forEach((el) => {
      if (!(el.name in values)) return;
      if (el.type === "checkbox") el.checked = values[el.name];
      else el.value = values[el.name];
      const editor = window.editors && window.editors[el.id];
      if (editor) editor.setData(values[el.name]);
    });
    renumber();
  }

  function offer(stored) {
    const current = JSON.stringify(snapshot());
    if (JSON.stringify(stored.values) === current) {
      localStorage.removeItem(KEY);
      return;
    }
    const when = new Date(stored.savedAt).toLocaleString("zh-CN", { hour12: false });
    const newer = form.elements.edit_lock && stored.lock !== form.elements.edit_lock.value;
    const note = document.createElement("div");
    note.className = "autosave-offer messagelist";
    note.id = "autosave-offer";
    note.innerHTML = '<p class="warning"></p>';
    note.firstChild.textContent = "浏览器里保存着 " + when + " 未提交的修改" +
      (newer ? "（此后服务器上的版本已被修改，恢复后请核对）" : "") + "。";
    const use = document.createElement("button");
    use.type = "button"; use.className = "button"; use.textContent = "恢复这些修改";
    const drop = document.createElement("button");
    drop.type = "button"; drop.className = "button"; drop.textContent = "丢弃";
    use.addEventListener("click", () => { restore(stored.values); note.remove(); });
    drop.addEventListener("click", () => { localStorage.removeItem(KEY); note.remove(); });
    note.firstChild.append(" ", use, " ", drop);
    form.parentNode.insertBefore(note, form);
  }

  function setUpAutosave() {
    form = document.getElementById("speech_form");
    if (!form || !window.localStorage) return;
    let stored = null;
    try { stored = JSON.parse(localStorage.getItem(KEY) || "null"); } catch (error) { stored = null; }
    // Wait for the editors: their first setData must not count as the editor's change.
    const start = Date.now();
    const ready = setInterval(() => {
      const waiting = Object.keys(window.editors || {}).length < form.querySelectorAll(".ck-editor").length;
      if (waiting && Date.now() - start < 10000) return;
      clearInterval(ready);
      if (stored) offer(stored);
      let dirty = false;
      form.addEventListener("input", () => { dirty = true; });
      form.addEventListener("change", () => { dirty = true; });
      Object.values(window.editors || {}).forEach((editor) =>
        editor.model.document.on("change:data", () => { dirty = true; }));
      let submitted = false;
      setInterval(() => {
        if (dirty && !submitted && !document.getElementById("autosave-offer")) { store(); dirty = false; }
      }, SAVE_EVERY_MS);
      // Submitted: the server has it now (or shows it back with the errors).
      form.addEventListener("submit", (event) => {
        if (!event.submitter || event.submitter.formAction === form.action) {
          submitted = true;
          localStorage.removeItem(KEY);
        }
      });
    }, 200);
  }

  // 建议标签: shown under the tags field; one click adds the tag to it.
  function setUpTagSuggestions() {
    const box = document.getElementById("tag-suggestions");
    const input = document.getElementById("id_tags");
    if (!box || !input) return;
    input.closest(".form-row").after(box);
    box.querySelectorAll(".tag-suggestion").forEach((button) => {
      button.addEventListener("click", () => {
        const names = input.value.split(/[,，]/).map((name) => name.trim()).filter(Boolean);
        if (!names.includes(button.dataset.tag)) names.push(button.dataset.tag);
        input.value = names.join(", ");
        input.dispatchEvent(new Event("change", { bubbles: true }));
        button.disabled = true;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    setUpTagSuggestions();
    setUpSections();
    setUpAutosave();
  });
})();
