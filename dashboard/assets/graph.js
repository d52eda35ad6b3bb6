// Every graph of the explorer: full names on hover, links easy to click, zoom to search matches,
// and image export with the legend drawn in. Loaded on every page; acts on each cytoscape graph
// as it appears (cytoscape keeps its instance on its container element, as `_cyreg.cy`).
(function () {
    "use strict";
    var HIT_PX = 14;  // a tap this close (on screen) to a link selects it, however thin it is drawn
    var MAX_MATCH_ZOOM = 1.6;

    function instanceOf(id) {
        var el = document.getElementById(id);
        return el && el._cyreg && el._cyreg.cy ? el._cyreg.cy : null;
    }

    function tooltip() {
        var tip = document.getElementById("ptgraph-tooltip");
        if (!tip) {
            tip = document.createElement("div");
            tip.id = "ptgraph-tooltip";
            tip.className = "ptgraph-tooltip";
            document.body.appendChild(tip);
        }
        return tip;
    }

    function describe(ele) {
        var d = ele.data();
        var text = d.full || d.label || d.id;
        if (ele.isEdge() && !d.full) {
            var names = [ele.source().data("full") || ele.source().data("label"),
                         ele.target().data("full") || ele.target().data("label")];
            text = names.join(" → ") + (d.polarity === "negative" ? " (disconfirming)" : "");
            if (d.theories && d.theories.length) { text += " · " + d.theories.join(", "); }
        }
        return text;
    }

    function showTip(event) {
        var tip = tooltip();
        var ele = event.target;
        tip.textContent = describe(ele);
        tip.title = ele.id();
        var pos = event.originalEvent || {clientX: 0, clientY: 0};
        tip.style.left = Math.min(pos.clientX + 14, window.innerWidth - 320) + "px";
        tip.style.top = (pos.clientY + 14) + "px";
        tip.style.display = "block";
        ele.addClass("hover");
    }

    function hideTip(event) {
        tooltip().style.display = "none";
        if (event && event.target && event.target.removeClass) { event.target.removeClass("hover"); }
    }

    function distanceToSegment(p, a, b) {
        var dx = b.x - a.x, dy = b.y - a.y;
        var length = dx * dx + dy * dy;
        var t = length ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length)) : 0;
        var x = a.x + t * dx - p.x, y = a.y + t * dy - p.y;
        return Math.sqrt(x * x + y * y);
    }

    // A tap on the background near a link selects that link (through its midpoint, so curves count).
    function nearestEdge(cy, point) {
        var best = null, bestDistance = HIT_PX;
        cy.edges(":visible").forEach(function (edge) {
            if (edge.style("events") === "no") { return; }
            var s = edge.source().renderedPosition(), t = edge.target().renderedPosition();
            var m = edge.renderedMidpoint();
            var distance = Math.min(distanceToSegment(point, s, m), distanceToSegment(point, m, t));
            if (distance < bestDistance) { best = edge; bestDistance = distance; }
        });
        return best;
    }

    function decorate(cy) {
        if (cy.scratch("_ptgraph")) { return; }
        cy.scratch("_ptgraph", true);
        cy.on("mouseover", "node, edge", showTip);
        cy.on("mouseout", "node, edge", hideTip);
        cy.on("pan zoom", function () { hideTip(); });
        cy.on("tap", function (event) {
            if (event.target !== cy) { return; }
            var edge = nearestEdge(cy, event.renderedPosition);
            if (edge) { edge.emit("tap"); }
        });
    }

    setInterval(function () {
        var graphs = document.querySelectorAll("div[id]");
        for (var i = 0; i < graphs.length; i++) {
            var reg = graphs[i]._cyreg;
            if (reg && reg.cy && !reg.cy.destroyed()) { decorate(reg.cy); }
        }
    }, 400);

    // Zoom and centre on the search matches (`.match`), once cytoscape has drawn them.
    function zoomToMatches(elements, id) {
        var wanted = (elements || []).filter(function (e) {
            return (e.classes || "").split(" ").indexOf("match") >= 0;
        }).length;
        var tries = 0;
        function attempt() {
            var cy = instanceOf(id);
            var matches = cy ? cy.$(".match") : null;
            if (!cy || (wanted && matches.length < wanted)) {
                if (++tries < 40) { setTimeout(attempt, 100); }
                return;
            }
            if (!wanted) { return; }
            cy.fit(matches, 80);
            if (cy.zoom() > MAX_MATCH_ZOOM) {
                cy.zoom({level: MAX_MATCH_ZOOM, renderedPosition: {x: cy.width() / 2, y: cy.height() / 2}});
                cy.center(matches);
            }
        }
        setTimeout(attempt, 60);
        return wanted;
    }

    window.ptgraphGraph = {instanceOf: instanceOf, nearestEdge: nearestEdge};
    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        ptgraph: Object.assign({}, (window.dash_clientside || {}).ptgraph, {zoomToMatches: zoomToMatches})
    });
})();
