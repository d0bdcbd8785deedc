// 粘贴全文: keep the clipboard's HTML (headings, bold sub-headings, numbering) when the
// browser offers it; the plain-text box stays the way in without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("paste-form");
  if (!form) return;
  const area = document.getElementById("paste-area");
  const text = form.querySelector("textarea[name=text]");
  const html = form.querySelector("input[name=html]");
  area.hidden = false;
  text.hidden = true;
  area.textContent = text.value;
  area.addEventListener("paste", (event) => {
    const data = event.clipboardData;
    if (!data) return;
    event.preventDefault();
    const pastedHtml = data.getData("text/html");
    const pastedText = data.getData("text/plain");
    html.value = pastedHtml;
    text.value = pastedText;
    // Show the words, never the pasted markup: nothing pasted runs on this page.
    area.textContent = pastedText || new DOMParser().parseFromString(pastedHtml, "text/html").body.innerText;
  });
  area.addEventListener("input", () => {
    // Typed corrections turn the paste into plain text.
    html.value = "";
    text.value = area.innerText;
  });
  form.addEventListener("submit", () => {
    if (!html.value) text.value = area.innerText || text.value;
  });
});
