// 打印: shows the button (it does nothing without JavaScript) and prints the full text:
// from a reading page of a long speech it opens the full text, which then prints itself.
(function () {
  var button = document.querySelector(".print-button");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var full = button.getAttribute("data-full-url");
    if (full) {
      window.location.href = full + "#print";
    } else {
      window.print();
    }
  });
  if (window.location.hash === "#print") {
    window.print();
  }
})();
