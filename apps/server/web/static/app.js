// nhood link web app: draws the directory's service points with Leaflet on a
// plain background (no tile layer: the app runs on closed networks). The list
// beside the map carries the same services for keyboard and screen-reader use.
// Also reads a chosen file into the directory import's text box.
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
  // A file input with data-fills="ID" reads the chosen file's text into the
  // textarea ID (the directory import posts a plain form, no upload), and
  // ticks the format radio that matches the file's extension.
  function fillFromFile(input) {
    input.addEventListener('change', function () {
      var target = document.getElementById(input.getAttribute('data-fills'));
      var file = input.files && input.files[0];
      if (!target || !file) return;
      var reader = new FileReader();
      reader.onload = function () {
        target.value = String(reader.result || '');
        var ext = file.name.toLowerCase().split('.').pop();
        var radio = document.querySelector('input[name=format][value=' + (ext === 'csv' ? 'csv' : 'oruk') + ']');
        if (radio && (ext === 'csv' || ext === 'json')) radio.checked = true;
      };
      reader.readAsText(file);
    });
  }
  function init() {
    var maps = document.querySelectorAll('.map[data-points]');
    for (var i = 0; i < maps.length; i++) drawMap(maps[i]);
    var files = document.querySelectorAll('input[type=file][data-fills]');
    for (var j = 0; j < files.length; j++) fillFromFile(files[j]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
