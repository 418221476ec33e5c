-- Analytics: personas (k-means proposals, named personas, each contact's persona). Journeys and the service
-- recovery paradox are computed on read and keep no tables.

-- one clustering run: the features, how they were scaled, and the proposed clusters with their profiles
create table persona_runs (
    id          bigserial primary key,
    k           int not null check (k between 2 and 8),
    chosen_by   text not null check (chosen_by in ('SILHOUETTE','USER')),
    silhouette  double precision,
    contacts    int not null,
    features    text[] not null,
    means       double precision[] not null,
    sds         double precision[] not null,
    -- [{"cluster":0,"size":..,"centroid":[raw units],"profile":{...},"label":"..."}]
    clusters    jsonb not null,
    scope       text check (length(scope) <= 200),
    created_by  bigint references users(id),
    created_at  timestamptz not null default now()
);

create table personas (
    id           bigserial primary key,
    name         text not null check (length(name) between 1 and 80),
    description  text check (length(description) <= 2000),
    run_id       bigint references persona_runs(id) on delete set null,
    run_cluster  int,
    features     text[] not null,
    -- the centroid in the features' model space (see PersonaFeatures) and the scale of the run that found it
    centroid     double precision[] not null,
    means        double precision[] not null,
    sds          double precision[] not null,
    profile      jsonb not null default '{}'::jsonb,
    created_by   bigint references users(id),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    version      int not null default 0
);
create unique index personas_name_uq on personas (lower(name));

-- each contact's persona: the nearest saved persona centroid when assignments were last computed
create table contact_personas (
    contact_id   bigint primary key references contacts(id) on delete cascade,
    persona_id   bigint not null references personas(id) on delete cascade,
    distance     double precision not null,
    assigned_at  timestamptz not null default now()
);
create index contact_personas_persona_idx on contact_personas (persona_id, contact_id);
