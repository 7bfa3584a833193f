"""Who acts next: the flow, work queues, claiming, four-eyes rules and deadline sweeps."""
