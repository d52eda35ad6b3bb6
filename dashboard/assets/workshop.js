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

    // The audience's window and the presenter's (?presenter=1) follow each other: each announces its
    // position on a BroadcastChannel; the other moves there (through the workshop-goto store).
    var WINDOW_ID = Math.random().toString(36).slice(2);
    var channel = window.BroadcastChannel ? new BroadcastChannel("ptgraph-workshop") : null;
    if (channel) {
        channel.onmessage = function (message) {
            var m = message.data || {};
            window.__ptgraphHeard = m;  // what the other window last said (tests read it)
            var root = document.getElementById("workshop-root");
            var deck = root ? root.getAttribute("data-deck") : null;
            if (m.sender === WINDOW_ID || !deck || m.deck !== deck || !window.dash_clientside.set_props) { return; }
            window.dash_clientside.set_props("workshop-goto", {data: {slide: m.slide, step: m.step, at: Date.now()}});
        };
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        workshop: {
            broadcast: function (slide, step, deck) {
                if (channel && slide) {
                    channel.postMessage({sender: WINDOW_ID, deck: deck, slide: slide, step: step || 0});
                }
                return window.dash_clientside.no_update;
            },
            openPresenter: function (clicks) {
                if (!clicks) { return window.dash_clientside.no_update; }
                var params = new URLSearchParams(window.location.search);
                params.set("presenter", "1");
                window.open(window.location.pathname + "?" + params.toString(), "ptgraph-presenter");
                return window.dash_clientside.no_update;
            },
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
