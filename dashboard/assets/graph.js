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

// Export a graph as PNG or SVG as a figure: a caption above it (what the view shows: review, PT,
// filters, credit) and the legend under it, so an image shown elsewhere still says what it is and
// what each colour, shape and line means. `legend` and `caption` come from the server
// (dashboard/export.py): caption items are {text, font, size, weight, colour}.
(function () {
    "use strict";
    var ROW = 26, PAD = 14, FONT = "14px system-ui, sans-serif", MIN_WIDTH = 760, PNG_SCALE = 2;
    var SVG_NS = "http://www.w3.org/2000/svg";
    var FIT = 0.94;  // wrap a little short of the edge: another viewer's font may run wider
    var measurer = null;

    function save(url, filename) {
        var a = document.createElement("a");
        a.href = url;
        a.download = filename;
        document.body.appendChild(a);
        a.click();
        a.remove();
    }

    function fontOf(item) { return (item.weight || "normal") + " " + item.size + "px " + item.font; }

    function textWidth(font, text) {
        measurer = measurer || document.createElement("canvas").getContext("2d");
        measurer.font = font;
        return measurer.measureText(text).width;
    }

    // The longest start of `word` that fits `width` (at least one character).
    function fittingStart(font, word, width) {
        var low = 1, high = word.length;
        while (low < high) {
            var middle = Math.ceil((low + high) / 2);
            if (textWidth(font, word.slice(0, middle)) <= width) { low = middle; } else { high = middle - 1; }
        }
        return word.slice(0, low);
    }

    // `text` in lines no wider than `width`: broken at spaces, and inside a word too long for a line.
    function wrap(text, font, width) {
        var lines = [], line = "";
        String(text).split(/\s+/).filter(Boolean).forEach(function (word) {
            var joined = line ? line + " " + word : word;
            if (textWidth(font, joined) <= width) { line = joined; return; }
            if (line) { lines.push(line); }
            while (textWidth(font, word) > width) {
                var start = fittingStart(font, word, width);
                lines.push(start);
                word = word.slice(start.length);
            }
            line = word;
        });
        if (line) { lines.push(line); }
        return lines;
    }

    // The caption's wrapped rows, each with its baseline, and the height of the caption block.
    function captionLayout(caption, width) {
        var rows = [], y = caption.length ? PAD : 0;
        caption.forEach(function (item, i) {
            var font = fontOf(item), step = Math.round(item.size * 1.35);
            if (i === caption.length - 1 && i > 0) { y += 4; }  // the credit line stands apart
            wrap(item.text, font, (width - 2 * PAD) * FIT).forEach(function (text) {
                rows.push({text: text, font: font, item: item, baseline: y + item.size});
                y += step;
            });
            if (i === 0) { y += 4; }  // and so does the title
        });
        return {rows: rows, height: caption.length ? y + PAD / 2 : 0};
    }

    function legendHeight(legend) { return PAD * 2 + ROW * Math.ceil(legend.length / 2); }

    // Where everything goes, in image units (a PNG is drawn at PNG_SCALE times these).
    function figureLayout(graphWidth, graphHeight, legend, caption) {
        var width = Math.max(graphWidth, MIN_WIDTH), top = captionLayout(caption, width);
        return {width: width, caption: top, graphX: (width - graphWidth) / 2, graphY: top.height,
                legendY: top.height + graphHeight, height: top.height + graphHeight + legendHeight(legend)};
    }

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

    function legendPlace(i, width, top) {
        return {x: PAD + (i % 2) * (width / 2), y: top + PAD + ROW * Math.floor(i / 2) + ROW / 2};
    }

    function png(cy, filename, legend, caption) {
        var image = new Image();
        image.onload = function () {
            var graphWidth = image.width / PNG_SCALE, graphHeight = image.height / PNG_SCALE;
            var layout = figureLayout(graphWidth, graphHeight, legend, caption);
            var canvas = document.createElement("canvas");
            canvas.width = Math.ceil(layout.width * PNG_SCALE);
            canvas.height = Math.ceil(layout.height * PNG_SCALE);
            var ctx = canvas.getContext("2d");
            ctx.scale(PNG_SCALE, PNG_SCALE);
            ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, layout.width, layout.height);
            ctx.textBaseline = "alphabetic";
            layout.caption.rows.forEach(function (row) {
                ctx.font = row.font; ctx.fillStyle = row.item.colour;
                ctx.fillText(row.text, PAD, row.baseline);
            });
            ctx.drawImage(image, layout.graphX, layout.graphY, graphWidth, graphHeight);
            ctx.font = FONT; ctx.textBaseline = "middle";
            legend.forEach(function (item, i) {
                var at = legendPlace(i, layout.width, layout.legendY);
                drawMark(ctx, item, at.x, at.y);
                ctx.fillStyle = "#111111"; ctx.fillText(item.label, at.x + 40, at.y);
            });
            save(canvas.toDataURL("image/png"), filename + ".png");
        };
        image.src = cy.png({full: true, scale: PNG_SCALE, bg: "#ffffff", output: "base64uri"});
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

    function element(doc, name, attributes) {
        var el = doc.createElementNS(SVG_NS, name);
        Object.keys(attributes).forEach(function (key) { el.setAttribute(key, attributes[key]); });
        return el;
    }

    // The caption as SVG text elements; their text is set as text, so the serialiser escapes it.
    function svgCaption(doc, rows) {
        var group = element(doc, "g", {"class": "caption"});
        rows.forEach(function (row) {
            var text = element(doc, "text", {x: PAD, y: row.baseline, "font-family": row.item.font,
                                             "font-size": row.item.size, "font-weight": row.item.weight || "normal",
                                             fill: row.item.colour});
            text.textContent = row.text;
            group.appendChild(text);
        });
        return group;
    }

    // The graph's own drawing, moved to its place in the figure (and fitted to its viewBox, if any).
    function svgGraph(doc, graph, layout, graphWidth, graphHeight) {
        var transform = "translate(" + layout.graphX + " " + layout.graphY + ")";
        var box = (graph.getAttribute("viewBox") || "").split(/[\s,]+/).map(parseFloat);
        if (box.length === 4 && box[2] > 0 && box[3] > 0) {
            transform += " scale(" + graphWidth / box[2] + " " + graphHeight / box[3] + ") translate(" + -box[0] + " " + -box[1] + ")";
        }
        var group = element(doc, "g", {"class": "graph", transform: transform});
        Array.prototype.slice.call(graph.childNodes).forEach(function (child) {
            group.appendChild(doc.importNode(child, true));
        });
        return group;
    }

    function svg(cy, filename, legend, caption) {
        var graph = new DOMParser().parseFromString(cy.svg({full: true, scale: 1, bg: "#ffffff"}),
                                                    "image/svg+xml").documentElement;
        var graphWidth = parseFloat(graph.getAttribute("width")) || 0;
        var graphHeight = parseFloat(graph.getAttribute("height")) || 0;
        var layout = figureLayout(graphWidth, graphHeight, legend, caption);
        var doc = document.implementation.createDocument(SVG_NS, "svg", null);
        var root = doc.documentElement;
        root.setAttribute("width", layout.width);
        root.setAttribute("height", layout.height);
        root.setAttribute("viewBox", "0 0 " + layout.width + " " + layout.height);
        root.appendChild(element(doc, "rect", {x: 0, y: 0, width: layout.width, height: layout.height, fill: "#ffffff"}));
        root.appendChild(svgCaption(doc, layout.caption.rows));
        root.appendChild(svgGraph(doc, graph, layout, graphWidth, graphHeight));
        var parts = [];
        legend.forEach(function (item, i) {
            var at = legendPlace(i, layout.width, layout.legendY);
            parts.push(svgMark(item, at.x, at.y));
            parts.push('<text x="' + (at.x + 40) + '" y="' + (at.y + 5) + '" font-family="system-ui, sans-serif" font-size="14" fill="#111111">' + escapeXml(item.label) + "</text>");
        });
        var group = new DOMParser().parseFromString('<g xmlns="' + SVG_NS + '" class="legend">' + parts.join("") + "</g>", "image/svg+xml").documentElement;
        root.appendChild(doc.importNode(group, true));
        var blob = new Blob([new XMLSerializer().serializeToString(doc)], {type: "image/svg+xml"});
        save(URL.createObjectURL(blob), filename + ".svg");
    }

    window.ptgraphExport = function (kind, graphId, filename, legend, caption) {
        var cy = window.ptgraphGraph.instanceOf(graphId);
        if (!cy) { return false; }
        (kind === "svg" ? svg : png)(cy, filename, legend || [], caption || []);
        return true;
    };
})();
