package io.kvsync.scheduler.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** Persisting lists that may be empty: Panache refuses an empty list. */
public final class EntityLists {

  private EntityLists() {}

  public static Uni<Void> persist(List<? extends PanacheEntityBase> entities) {
    return entities.isEmpty() ? Uni.createFrom().voidItem() : PanacheEntityBase.persist(entities);
  }
}
