/* On a narrow screen the menu scrolls sideways: keep the current page's tab in view and
   show an arrow on the side where more tabs wait. Without JavaScript the menu wraps. */
(function () {
  var nav = document.querySelector(".site-nav"), list = nav && nav.querySelector("ul");
  if (!list) return;
  nav.classList.add("scrolls");
  var current = list.querySelector('[aria-current="page"]');
  if (current) {
    var item = current.parentNode;
    list.scrollLeft = Math.max(0, item.offsetLeft - (list.clientWidth - item.offsetWidth) / 2);
  }
  function cue() {
    var more = [];
    if (list.scrollLeft > 1) more.push("left");
    if (list.scrollLeft + list.clientWidth < list.scrollWidth - 1) more.push("right");
    nav.setAttribute("data-more", more.join(" "));
  }
  list.addEventListener("scroll", cue, {passive: true});
  window.addEventListener("resize", cue);
  cue();
})();
