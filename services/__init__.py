"""The four services. Each owns its data and meets the others only in `shared` events on Kafka."""
