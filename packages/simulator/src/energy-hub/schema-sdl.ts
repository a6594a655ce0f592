/** The Energy Hub GraphQL schema, exactly as published in docs/api-contract.md §6. */
export const ENERGY_HUB_SDL = /* GraphQL */ `
  scalar DateTime
  type Query {
    organization: Organization!
    things(filter: ThingFilter, first: Int, after: String): ThingConnection!
    thing(id: ID!): Thing
    alarms(filter: AlarmFilter, first: Int, after: String): AlarmConnection!
    timeseries(
      thingId: ID!
      measurements: [String!]!
      from: DateTime!
      to: DateTime!
      interval: String
    ): [TimeSeries!]!
  }
  type Organization {
    id: ID!
    name: String!
    children: [Thing!]!
  }
  type Thing {
    id: ID!
    name: String!
    concept: String!
    properties: [PropertyValue!]!
    parent: Thing
    children: [Thing!]!
  }
  type PropertyValue {
    name: String!
    value: String
    unit: String
  }
  input ThingFilter {
    concept: String
    parentId: ID
    nameContains: String
  }
  type ThingConnection {
    edges: [ThingEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type ThingEdge {
    cursor: String!
    node: Thing!
  }
  type Alarm {
    id: ID!
    category: String!
    type: String!
    detail: String
    priority: String!
    active: Boolean!
    acknowledged: Boolean!
    source: String!
    startTime: DateTime!
    endTime: DateTime
    durationSeconds: Int
    thing: Thing
  }
  input AlarmFilter {
    active: Boolean
    acknowledged: Boolean
    priority: [String!]
    category: [String!]
    thingId: ID
    startedAfter: DateTime
    startedBefore: DateTime
  }
  type AlarmConnection {
    edges: [AlarmEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type AlarmEdge {
    cursor: String!
    node: Alarm!
  }
  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }
  type TimeSeries {
    thingId: ID!
    measurement: String!
    unit: String
    points: [TimePoint!]!
  }
  type TimePoint {
    timestamp: DateTime!
    value: Float
  }
`;
