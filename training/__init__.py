"""ISFRNet training package: data, masks, the three-stage model, losses, training, evaluation, export."""
