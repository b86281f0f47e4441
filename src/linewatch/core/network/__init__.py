"""The line network: a co-occurrence graph of people, phones, places, vehicles and lines;
the view around one node; clusters that look like lines; role suggestions with reasons;
exports to GraphML and i2 Analyst's Notebook. Pure Python and networkx, no Django."""

from linewatch.core.network.communities import Cluster, detect_clusters, looks_like_deal_line
from linewatch.core.network.continuity import ContinuityProposal, contacts_of, propose_same_line
from linewatch.core.network.ego import DEFAULT_NODE_CAP, EgoNetwork, UnknownNode, ego_network
from linewatch.core.network.export import I2_COLUMNS, I2_ENTITY_TYPES, to_graphml, to_i2_csv
from linewatch.core.network.graph import (
    NODE_TYPES,
    EdgeFacts,
    Node,
    NodeTypeError,
    Occurrence,
    build_graph,
    edge_facts,
)
from linewatch.core.network.roles import ROLE_LABELS, RoleSuggestion, suggest_roles

__all__ = [
    "DEFAULT_NODE_CAP",
    "I2_COLUMNS",
    "I2_ENTITY_TYPES",
    "NODE_TYPES",
    "ROLE_LABELS",
    "Cluster",
    "ContinuityProposal",
    "EdgeFacts",
    "EgoNetwork",
    "Node",
    "NodeTypeError",
    "Occurrence",
    "RoleSuggestion",
    "UnknownNode",
    "build_graph",
    "contacts_of",
    "detect_clusters",
    "edge_facts",
    "ego_network",
    "looks_like_deal_line",
    "propose_same_line",
    "suggest_roles",
    "to_graphml",
    "to_i2_csv",
]
