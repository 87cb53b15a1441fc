"""Read models: the plain, frozen values that the services read a tender into and the
documents format. Nothing here touches the database; they live below the services so
that a document can be handed one without reaching up to them."""
