// nhood link web app: draws the directory's service points with Leaflet on a
// plain background (no tile layer: the app runs on closed networks). The list
// beside the map carries the same services for keyboard and screen-reader use.
(function () {
  'use strict';
  function drawMap(el) {
    if (typeof L === 'undefined') return;
    var points = [];
    try { points = JSON.parse(el.getAttribute('data-points') || '[]'); } catch (e) { return; }
    if (!points.length) return;
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.25 });
    var bounds = [];
    points.forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lon], { radius: 7, color: '#0b3d91', weight: 2, fillColor: '#1d70b8', fillOpacity: 0.8 });
      var box = document.createElement('div');
      var a = document.createElement('a');
      a.href = p.href;
      a.textContent = p.name;
      box.appendChild(a);
      if (p.address) {
        var addr = document.createElement('p');
        addr.textContent = p.address;
        box.appendChild(addr);
      }
      m.bindPopup(box);
      m.addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    var centre = el.getAttribute('data-centre');
    if (centre) {
      try {
        var c = JSON.parse(centre);
        L.circleMarker([c.lat, c.lon], { radius: 5, color: '#b10e1e', weight: 3, fillOpacity: 0 }).addTo(map);
        bounds.push([c.lat, c.lon]);
      } catch (e) { /* no centre */ }
    }
    if (bounds.length === 1) map.setView(bounds[0], 14);
    else map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 });
  }
  function init() {
    var maps = document.querySelectorAll('.map[data-points]');
    for (var i = 0; i < maps.length; i++) drawMap(maps[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
