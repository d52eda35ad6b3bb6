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

// Export a graph as PNG or SVG with the legend drawn under it, so an image shown elsewhere still
// says what each colour, shape and line means. `legend` comes from the server (dashboard/export.py).
(function () {
    "use strict";
    var ROW = 26, PAD = 14, FONT = "14px system-ui, sans-serif";

    function save(url, filename) {
        var a = document.createElement("a");
        a.href = url;
        a.download = filename;
        document.body.appendChild(a);
        a.click();
        a.remove();
    }

    function legendHeight(legend) { return PAD * 2 + ROW * Math.ceil(legend.length / 2); }

    function drawMark(ctx, item, x, y) {
        ctx.save();
        ctx.strokeStyle = item.colour;
        ctx.fillStyle = item.colour;
        ctx.lineWidth = 3;
        if (item.line) {
            ctx.setLineDash(item.line === "dashed" ? [7, 5] : item.line === "dotted" ? [2, 4] : []);
            ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 30, y); ctx.stroke();
        } else {
            ctx.beginPath();
            if (item.shape === "ellipse") { ctx.arc(x + 12, y, 9, 0, 2 * Math.PI); }
            else if (item.shape === "diamond") { ctx.moveTo(x + 12, y - 10); ctx.lineTo(x + 22, y); ctx.lineTo(x + 12, y + 10); ctx.lineTo(x + 2, y); }
            else if (item.shape === "hexagon") {
                for (var i = 0; i < 6; i++) { var a = Math.PI / 3 * i; ctx.lineTo(x + 12 + 10 * Math.cos(a), y + 10 * Math.sin(a)); }
            } else { ctx.rect(x + 2, y - 9, 20, 18); }
            ctx.closePath(); ctx.fill();
        }
        ctx.restore();
    }

    function png(cy, filename, legend) {
        var image = new Image();
        image.onload = function () {
            var width = Math.max(image.width, 760), extra = legendHeight(legend);
            var canvas = document.createElement("canvas");
            canvas.width = width; canvas.height = image.height + extra;
            var ctx = canvas.getContext("2d");
            ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
            ctx.drawImage(image, 0, 0);
            ctx.font = FONT; ctx.textBaseline = "middle";
            legend.forEach(function (item, i) {
                var x = PAD + (i % 2) * (width / 2), y = image.height + PAD + ROW * Math.floor(i / 2) + ROW / 2;
                drawMark(ctx, item, x, y);
                ctx.fillStyle = "#111111"; ctx.fillText(item.label, x + 40, y);
            });
            save(canvas.toDataURL("image/png"), filename + ".png");
        };
        image.src = cy.png({full: true, scale: 2, bg: "#ffffff", output: "base64uri"});
    }

    function svgMark(item, x, y) {
        if (item.line) {
            var dash = item.line === "dashed" ? ' stroke-dasharray="7 5"' : item.line === "dotted" ? ' stroke-dasharray="2 4"' : "";
            return '<line x1="' + x + '" y1="' + y + '" x2="' + (x + 30) + '" y2="' + y + '" stroke="' + item.colour + '" stroke-width="3"' + dash + "/>";
        }
        if (item.shape === "ellipse") { return '<circle cx="' + (x + 12) + '" cy="' + y + '" r="9" fill="' + item.colour + '"/>'; }
        if (item.shape === "diamond") {
            return '<polygon points="' + [[x + 12, y - 10], [x + 22, y], [x + 12, y + 10], [x + 2, y]].join(" ") + '" fill="' + item.colour + '"/>';
        }
        if (item.shape === "hexagon") {
            var pts = [];
            for (var i = 0; i < 6; i++) { var a = Math.PI / 3 * i; pts.push([x + 12 + 10 * Math.cos(a), y + 10 * Math.sin(a)]); }
            return '<polygon points="' + pts.join(" ") + '" fill="' + item.colour + '"/>';
        }
        return '<rect x="' + (x + 2) + '" y="' + (y - 9) + '" width="20" height="18" fill="' + item.colour + '"/>';
    }

    function escapeXml(text) {
        return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    }

    function svg(cy, filename, legend) {
        var text = cy.svg({full: true, scale: 1, bg: "#ffffff"});
        var doc = new DOMParser().parseFromString(text, "image/svg+xml");
        var root = doc.documentElement;
        var width = Math.max(parseFloat(root.getAttribute("width")) || 0, 760);
        var height = parseFloat(root.getAttribute("height")) || 0, extra = legendHeight(legend);
        var parts = ['<rect x="0" y="' + height + '" width="' + width + '" height="' + extra + '" fill="#ffffff"/>'];
        legend.forEach(function (item, i) {
            var x = PAD + (i % 2) * (width / 2), y = height + PAD + ROW * Math.floor(i / 2) + ROW / 2;
            parts.push(svgMark(item, x, y));
            parts.push('<text x="' + (x + 40) + '" y="' + (y + 5) + '" font-family="system-ui, sans-serif" font-size="14" fill="#111111">' + escapeXml(item.label) + "</text>");
        });
        var group = new DOMParser().parseFromString('<g xmlns="http://www.w3.org/2000/svg" class="legend">' + parts.join("") + "</g>", "image/svg+xml").documentElement;
        root.appendChild(doc.importNode(group, true));
        root.setAttribute("width", width);
        root.setAttribute("height", height + extra);
        if (root.getAttribute("viewBox")) { root.setAttribute("viewBox", "0 0 " + width + " " + (height + extra)); }
        var blob = new Blob([new XMLSerializer().serializeToString(root)], {type: "image/svg+xml"});
        save(URL.createObjectURL(blob), filename + ".svg");
    }

    window.ptgraphExport = function (kind, graphId, filename, legend) {
        var cy = window.ptgraphGraph.instanceOf(graphId);
        if (!cy) { return false; }
        (kind === "svg" ? svg : png)(cy, filename, legend || []);
        return true;
    };
})();
