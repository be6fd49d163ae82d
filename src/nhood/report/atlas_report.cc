#include "nhood/report/atlas_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

#include "nhood/base/number.h"

namespace nhood::report {
namespace internal {
std::string_view LeafletJs();
std::string_view LeafletCss();
}  // namespace internal

namespace {

using json = nlohmann::json;

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// JSON safe to embed in <script type="application/json">.
std::string Embed(const json& j) {
  std::string s = j.dump();
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '/') {
      out += "<\\/";
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

double Round(double v, double scale) { return std::round(v * scale) / scale; }

json Geometry(const geo::Polygon& p) {
  json parts = json::array();
  for (const auto& part : p.parts) {
    json rings = json::array();
    for (const auto& ring : part) {
      json pts = json::array();
      for (const auto& q : ring) pts.push_back({Round(q.x, 1e5), Round(q.y, 1e5)});
      rings.push_back(std::move(pts));
    }
    parts.push_back(std::move(rings));
  }
  return {{"type", "MultiPolygon"}, {"coordinates", std::move(parts)}};
}

json Number(const Table& t, const std::string& col, size_t r) {
  auto c = t.Find(col);
  if (!c) return nullptr;
  const double v = t.is_numeric(*c) ? t.numbers(*c)[r] : ParseNumber(t.text(*c)[r]).value_or(NAN);
  return std::isfinite(v) ? json(v) : json(nullptr);
}

std::string CellText(const Table& t, size_t c, size_t r) {
  if (!t.is_numeric(c)) return t.text(c)[r];
  const double v = t.numbers(c)[r];
  if (!std::isfinite(v)) return "";
  char buf[32];
  if (std::fabs(v) >= 1000 || v == std::floor(v)) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

constexpr const char* kStyle = R"CSS(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#0b3c5d;color:#fff;padding:16px 24px}header h1{margin:0;font-size:24px}.meta{margin:4px 0 0;opacity:.85;font-size:13px}
section{background:#fff;margin:16px 24px;padding:12px 20px;border:1px solid #ddd;border-radius:6px}
h2{font-size:18px;margin:4px 0 10px}#map{height:520px;border:1px solid #ccc}
table{border-collapse:collapse;font-size:13px;width:100%}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:right}
th:first-child,td:first-child,th:nth-child(2),td:nth-child(2){text-align:left}th{background:#f0f0f0}
.legend span{display:inline-block;width:14px;height:14px;margin:0 4px -2px 12px;border:1px solid #666}
#spine text{font-size:12px}select{font-size:14px;margin-bottom:8px}
@media print{#map{height:380px}section{break-inside:avoid}}
)CSS";

constexpr const char* kScript = R"JS(
(function () {
  'use strict';
  var nb = JSON.parse(document.getElementById('nb-geo').textContent);
  var hot = JSON.parse(document.getElementById('hot-geo').textContent);
  var prof = JSON.parse(document.getElementById('profiles').textContent);
  var tierColour = {1: '#b2182b', 2: '#ef8a62', 3: '#fddbc7'};
  if (window.L && document.getElementById('map')) {
    var map = L.map('map', {zoomSnap: 0.25});
    var nbLayer = L.geoJSON(nb, {
      style: function (f) { return {color: '#444', weight: 0.7, fillColor: tierColour[f.properties.tier] || '#ccc', fillOpacity: 0.65}; },
      onEachFeature: function (f, layer) {
        var div = document.createElement('div'), b = document.createElement('b');
        b.textContent = f.properties.name ? f.properties.name + ' (' + f.properties.id + ')' : f.properties.id;
        div.appendChild(b);
        div.appendChild(document.createElement('br'));
        div.appendChild(document.createTextNode('risk tier ' + f.properties.tier + ', priority ' + f.properties.priority));
        div.appendChild(document.createElement('br'));
        div.appendChild(document.createTextNode('population ' + f.properties.population));
        layer.bindPopup(div);
        layer.on('click', function () { select(f.properties.index); });
      }
    }).addTo(map);
    var ddLayer = L.geoJSON(nb, {
      filter: function (f) { return f.properties.dd > 0; },
      style: function () { return {color: '#542788', weight: 2.5, fill: false}; }
    }).addTo(map);
    var hotLayer = L.geoJSON(hot, {
      style: function (f) { return {color: f.properties.cluster === 'High-High' ? '#d7301f' : '#2166ac', weight: 0.4, fillOpacity: 0.75}; },
      onEachFeature: function (f, layer) {
        var b = document.createElement('b');
        b.textContent = (f.properties.name ? f.properties.name + ' ' : '') + '(' + f.properties.id + ')';
        var div = document.createElement('div');
        div.appendChild(b);
        div.appendChild(document.createTextNode(' ' + f.properties.cluster));
        layer.bindPopup(div);
      }
    });
    L.control.layers(null, {
      'Neighbourhoods by risk tier': nbLayer,
      'Double disadvantage (purple outline)': ddLayer,
      'Hot spots (red High-High, blue Low-Low)': hotLayer
    }, {collapsed: false}).addTo(map);
    map.fitBounds(nbLayer.getBounds());
    map.attributionControl.addAttribution('Contains OS data &copy; Crown copyright and database right; ONS, MHCLG, OCSI (OGL v3)');
  } else {
    document.getElementById('map-note').textContent = 'The map is unavailable: this nhood build had no Leaflet (npm ci).';
  }
  var svgNs = 'http://www.w3.org/2000/svg';
  function el(name, attrs, text) {
    var e = document.createElementNS(svgNs, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function quantile(sorted, q) {
    if (!sorted.length) return NaN;
    var h = (sorted.length - 1) * q, lo = Math.floor(h), hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
  var pick = document.getElementById('pick');
  prof.rows.forEach(function (r, i) {
    var o = document.createElement('option');
    o.value = String(i);
    o.textContent = (r.name ? r.name + ' [' + r.id + ']' : r.id + ' (' + r.la + ')') + ', priority ' + r.priority;
    pick.appendChild(o);
  });
  function select(i) { pick.value = String(i); draw(i); }
  pick.addEventListener('change', function () { draw(Number(pick.value)); });
  var colours = {Worse: '#d7301f', Worst: '#d7301f', Better: '#1a9850', Best: '#1a9850', Similar: '#fdae61'};
  function draw(i) {
    var svg = document.getElementById('spine');
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var row = prof.rows[i], left = 300, width = 380, h = 34;
    svg.setAttribute('height', String(40 + h * prof.indicators.length));
    svg.appendChild(el('text', {x: left, y: 16}, 'worse'));
    svg.appendChild(el('text', {x: left + width - 36, y: 16}, 'better'));
    svg.appendChild(el('line', {x1: left + width / 2, x2: left + width / 2, y1: 22, y2: 26 + h * prof.indicators.length, stroke: '#000'}));
    prof.indicators.forEach(function (ind, j) {
      var vals = prof.rows.map(function (r) { return r.values[j]; }).filter(function (v) { return v !== null; }).sort(function (a, b) { return a - b; });
      var eng = ind.england !== null ? ind.england : quantile(vals, 0.5);
      var spread = Math.max(Math.abs(vals[0] - eng), Math.abs(vals[vals.length - 1] - eng)) || 1;
      // Worse to the left: flip when higher is worse.
      var pos = function (v) { var d = (v - eng) / spread; if (ind.higher_is_worse) d = -d; return left + width / 2 + d * width / 2; };
      var y = 30 + j * h;
      svg.appendChild(el('text', {x: 0, y: y + 14}, ind.label));
      var a = pos(vals[0]), b = pos(vals[vals.length - 1]);
      svg.appendChild(el('rect', {x: Math.min(a, b), y: y + 4, width: Math.abs(b - a), height: 14, fill: '#e3e3e3'}));
      var c = pos(quantile(vals, 0.25)), d = pos(quantile(vals, 0.75));
      svg.appendChild(el('rect', {x: Math.min(c, d), y: y + 4, width: Math.abs(d - c), height: 14, fill: '#b8b8b8'}));
      var v = row.values[j];
      if (v !== null) {
        svg.appendChild(el('circle', {cx: pos(v), cy: y + 11, r: 6, fill: colours[row.sig[j]] || '#777', stroke: '#000'}));
        svg.appendChild(el('text', {x: left + width + 12, y: y + 15}, (Math.abs(v) < 10 ? v.toPrecision(3) : Math.round(v))));
      }
    });
    document.getElementById('spine-title').textContent = (row.name ? row.name + ' [' + row.id + ']' : row.id + ' (' + row.la + ')') +
      ': population ' + row.population +
      ', risk tier ' + row.tier + ', priority ' + row.priority;
    document.getElementById('spine-note').textContent = row.note;
  }
  draw(0);
})();
)JS";

}  // namespace

bool MapsAvailable() { return !internal::LeafletJs().empty(); }

std::string RenderAtlasReport(const AtlasReportInput& in) {
  const Table& t = in.neighbourhood_table;
  // Map data.
  json nb = {{"type", "FeatureCollection"}, {"features", json::array()}};
  const auto name = t.Find("name");  // "<local authority>: <ward>", beside the code
  for (size_t r = 0; r < in.neighbourhoods.size(); ++r) {
    nb["features"].push_back({{"type", "Feature"},
                              {"properties",
                               {{"id", in.neighbourhoods.ids[r]},
                                {"name", name ? t.Cell(*name, r) : ""},
                                {"index", r},
                                {"tier", Number(t, "tier", r)},
                                {"priority", Number(t, "priority", r)},
                                {"population", Number(t, "population", r)},
                                {"dd", Number(t, "double_disadvantage_share", r)}}},
                              {"geometry", Geometry(in.neighbourhoods.polygons[r])}});
  }
  json hot = {{"type", "FeatureCollection"}, {"features", json::array()}};
  for (size_t r = 0; r < in.hotspots.size(); ++r) {
    hot["features"].push_back({{"type", "Feature"},
                               {"properties",
                                {{"id", in.hotspots.ids[r]},
                                 {"name", r < in.hotspot_names.size() ? in.hotspot_names[r] : ""},
                                 {"cluster", in.hotspot_cluster[r]}}},
                               {"geometry", Geometry(in.hotspots.polygons[r])}});
  }
  // Profiles for the spine charts.
  json prof = {{"indicators", json::array()}, {"rows", json::array()}};
  for (const auto& s : in.spine) {
    prof["indicators"].push_back({{"label", s.label},
                                  {"england", std::isfinite(s.england) ? json(s.england) : json(nullptr)},
                                  {"higher_is_worse", s.higher_is_worse}});
  }
  const auto la = t.Find("local_authority_name") ? t.Find("local_authority_name") : t.Find("local_authority");
  for (size_t r = 0; r < t.num_rows(); ++r) {
    json values = json::array(), sig = json::array();
    for (const auto& s : in.spine) {
      values.push_back(Number(t, s.column, r));
      auto sc = s.significance_column.empty() ? std::nullopt : t.Find(s.significance_column);
      sig.push_back(sc ? json(t.Cell(*sc, r)) : json(""));
    }
    prof["rows"].push_back({{"id", t.Cell(0, r)},
                            {"name", name ? t.Cell(*name, r) : ""},
                            {"la", la ? t.Cell(*la, r) : ""},
                            {"note", r < in.neighbourhood_notes.size() ? in.neighbourhood_notes[r] : ""},
                            {"population", Number(t, "population", r)},
                            {"tier", Number(t, "tier", r)},
                            {"priority", Number(t, "priority", r)},
                            {"values", std::move(values)},
                            {"sig", std::move(sig)}});
  }
  std::string h;
  h.reserve(1 << 20);
  h += "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + Escape(in.title) + "</title>\n<style>" + std::string(internal::LeafletCss()) + "</style>\n<style>" + kStyle + "</style>\n</head><body>\n";
  h += "<header><h1>" + Escape(in.title) + "</h1><p class=\"meta\">" + Escape(in.generated) + "</p></header>\n";
  h += "<section id=\"summary\"><h2>Summary</h2><ul>";
  size_t start = 0;
  while (start < in.summary.size()) {
    size_t end = in.summary.find('\n', start);
    if (end == std::string::npos) end = in.summary.size();
    if (end > start) h += "<li>" + Escape(in.summary.substr(start, end - start)) + "</li>";
    start = end + 1;
  }
  h += "</ul></section>\n";
  h += "<section><h2>Map</h2><div class=\"legend\">Risk tier:<span style=\"background:#b2182b\"></span>1 (highest)"
       "<span style=\"background:#ef8a62\"></span>2<span style=\"background:#fddbc7\"></span>3"
       "<span style=\"border:2px solid #542788\"></span>double disadvantage</div>\n"
       "<div id=\"map\" role=\"img\" aria-label=\"Map of neighbourhoods, risk tiers, double disadvantage and hot spots\"></div>"
       "<p id=\"map-note\"></p></section>\n";
  h += "<section><h2>Neighbourhood profile</h2><p>Choose a neighbourhood (or click it on the map). Each bar spans all "
       "neighbourhoods (darker: middle half); the line is England; the dot is the neighbourhood, coloured by comparison "
       "with England (red worse, amber similar, green better, grey not compared).</p>\n"
       "<select id=\"pick\" aria-label=\"Neighbourhood\"></select><p id=\"spine-title\"></p><p id=\"spine-note\"></p>"
       "<svg id=\"spine\" width=\"760\" height=\"200\" role=\"img\" aria-label=\"Spine chart\"></svg></section>\n";
  h += "<section><h2>Priority neighbourhoods</h2><table><thead><tr>";
  struct Shown {
    size_t value;
    std::optional<size_t> lower, upper;
  };
  std::vector<Shown> cols;
  for (const auto& c : in.priority_columns) {
    auto i = in.priority.Find(c.column);
    if (!i) continue;
    Shown shown{*i, c.lower_column.empty() ? std::nullopt : in.priority.Find(c.lower_column),
                c.upper_column.empty() ? std::nullopt : in.priority.Find(c.upper_column)};
    cols.push_back(shown);
    h += "<th>" + Escape(c.label.empty() ? c.column : c.label) + (shown.lower && shown.upper ? " (95% CI)" : "") + "</th>";
  }
  h += "</tr></thead><tbody>";
  for (size_t r = 0; r < std::min<size_t>(in.priority.num_rows(), 30); ++r) {
    h += "<tr>";
    for (const Shown& c : cols) {
      std::string cell = CellText(in.priority, c.value, r);
      if (c.lower && c.upper && !cell.empty()) {
        cell += " (" + CellText(in.priority, *c.lower, r) + " to " + CellText(in.priority, *c.upper, r) + ")";
      }
      h += "<td>" + Escape(cell) + "</td>";
    }
    h += "</tr>";
  }
  h += "</tbody></table><p>The first 30 of " + std::to_string(in.priority.num_rows()) +
       " neighbourhoods; all are in priority.csv.</p></section>\n";
  h += "<section><h2>Methods</h2><ul>";
  for (const auto& m : in.methods) h += "<li>" + Escape(m) + "</li>";
  h += "</ul><h2>Data sources and vintages</h2><ul>";
  for (const auto& s : in.sources) h += "<li>" + Escape(s) + "</li>";
  h += "</ul></section>\n";
  h += "<script type=\"application/json\" id=\"nb-geo\">" + Embed(nb) + "</script>\n";
  h += "<script type=\"application/json\" id=\"hot-geo\">" + Embed(hot) + "</script>\n";
  h += "<script type=\"application/json\" id=\"profiles\">" + Embed(prof) + "</script>\n";
  if (MapsAvailable()) h += "<script>" + std::string(internal::LeafletJs()) + "</script>\n";
  h += "<script>" + std::string(kScript) + "</script>\n</body></html>\n";
  return h;
}

}  // namespace nhood::report
