// Workshop mode (/workshop): keys and full screen for a facilitator at a projector.
// Loaded on every page of the explorer, so it only acts when the workshop buttons are there.
(function () {
    "use strict";
    var NEXT = ["ArrowRight", "PageDown", " ", "Spacebar"];
    var PREVIOUS = ["ArrowLeft", "PageUp"];

    function isTyping(target) {
        if (!target || !target.tagName) { return false; }
        var tag = target.tagName.toLowerCase();
        return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
    }

    // Arrow keys, PageUp/PageDown and space press Previous/Next; keys typed in a field are left alone.
    document.addEventListener("keydown", function (event) {
        if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) {
            return;
        }
        var id = NEXT.indexOf(event.key) >= 0 ? "workshop-next"
            : PREVIOUS.indexOf(event.key) >= 0 ? "workshop-prev" : null;
        var button = id ? document.getElementById(id) : null;
        if (!button) { return; }
        event.preventDefault();  // no page scroll, and a focused button is not pressed a second time
        if (!button.disabled) { button.click(); }
    });

    // A clicked workshop button gives the focus back to the page, so the keys keep working (and space
    // does not press that button a second time).
    document.addEventListener("click", function (event) {
        var button = event.target && event.target.closest ? event.target.closest(".workshop-nav-button") : null;
        if (button) { button.blur(); }
    });

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        workshop: {
            // Full screen on/off with the Fullscreen API; returns whether full screen was asked for.
            toggleFullscreen: function (clicks) {
                if (!clicks) { return window.dash_clientside.no_update; }
                if (document.fullscreenElement) {
                    document.exitFullscreen();
                    return false;
                }
                var root = document.documentElement;
                if (!root.requestFullscreen) { return false; }
                root.requestFullscreen().catch(function () { return null; });
                return true;
            }
        }
    });
})();
