// Node 20 lacks Map.groupBy / Object.groupBy (Node 21+), which vitest 5's failure summary
// uses; without them a failing run crashes before printing what failed.
if (!Map.groupBy) {
  Map.groupBy = (items, key) => {
    const map = new Map();
    let i = 0;
    for (const item of items) {
      const k = key(item, i++);
      if (!map.has(k)) map.set(k, []);
      map.get(k).push(item);
    }
    return map;
  };
}
if (!Object.groupBy) {
  Object.groupBy = (items, key) => Object.fromEntries(Map.groupBy(items, key));
}
