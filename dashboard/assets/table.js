// Result tables (class "sortable"): click a column's header to sort by it; click again to reverse.
// Numbers sort as numbers, everything else as text.
(function () {
    "use strict";
    document.addEventListener("click", function (event) {
        var th = event.target && event.target.closest ? event.target.closest("table.sortable th") : null;
        if (!th) { return; }
        var table = th.closest("table");
        var body = table.tBodies[0];
        if (!body) { return; }
        var column = Array.prototype.indexOf.call(th.parentNode.children, th);
        var descending = th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var rows = Array.prototype.slice.call(body.rows);
        function key(row) {
            var text = row.cells[column] ? row.cells[column].textContent : "";
            var number = Number(text);
            return text !== "" && !isNaN(number) ? number : text.toLowerCase();
        }
        rows.sort(function (a, b) {
            var x = key(a), y = key(b);
            var order = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
            return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
    });
})();
