/**
 * Small all-H100 sites for tests, as fleet files: halls × blocks × racks × nodes of 8 GPUs, with the
 * topology hall/block/rack/node. Node `r<h><b><r>-n<n>` sits in rack `hall-<h>/block-<h><b>/r<h><b><r>`.
 * @module
 */

export interface SiteShape {
  halls: number;
  blocksPerHall: number;
  racksPerBlock: number;
  nodesPerRack: number;
}

/** A fleet file with one site `name` of the given shape, PUE 1.2, one grid connection of `permittedMw`. */
export function h100SiteDoc(name: string, shape: SiteShape, permittedMw: number) {
  const nodes = [];
  for (let h = 1; h <= shape.halls; h++)
    for (let b = 1; b <= shape.blocksPerHall; b++)
      for (let r = 1; r <= shape.racksPerBlock; r++)
        for (let n = 1; n <= shape.nodesPerRack; n++) {
          const rack = `r${h}${b}${r}`;
          nodes.push({
            name: `${rack}-n${n}`,
            path: `hall-${h}/block-${h}${b}/${rack}`,
            gpuModel: "H100",
            gpuCount: 8,
          });
        }
  return {
    sites: [
      {
        name,
        pue: 1.2,
        electricityUsdPerMwh: "70",
        powerSources: [{ kind: "grid", installedMw: permittedMw, permittedMw }],
        topologyLevels: ["hall", "block", "rack", "node"],
        nodes,
      },
    ],
  };
}
